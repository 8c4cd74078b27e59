"""Treatment mode: the big-type page, its dialogs, and the text it shows (no widgets)."""
