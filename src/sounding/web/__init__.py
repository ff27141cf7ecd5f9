"""The analysts' web app: a thin Django adapter over the Consult services and core.

Views read and write the database; analysis itself runs in `sounding worker`, which calls
`sounding.services.consult` exactly as the command line does.
"""
