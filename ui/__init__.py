"""The PySide6 layer of ART Desk: windows, dialogs and Qt models over the core in ``artdesk``."""
