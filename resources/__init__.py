"""Data files shipped with ART Desk (protocols, screening, fonts, sounds).

A package so that ``importlib.resources`` finds the files in a source checkout, an installed
wheel or a frozen build alike.
"""
