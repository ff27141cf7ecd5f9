"""Ask in the web app: the guidance index in the app's database, conversations, feedback,
the Ask page and `POST /api/ask`. The answering itself is `sounding.services.ask`."""
