"""A visit's PDFs in the window: preview, print (rasterized off the UI thread), save."""
