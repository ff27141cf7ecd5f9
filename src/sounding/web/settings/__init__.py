"""Settings by environment: `local` (default), `production` and `test`, all from `base`."""
