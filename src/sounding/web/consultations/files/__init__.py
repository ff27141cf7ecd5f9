"""Files in and out of the web app: upload checks, column detection, importing a
consultation, exporting the analysis's outputs and the report as PDF."""
