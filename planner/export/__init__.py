"""Calendar export: rendering (`ics.py`), identity across exports (`identity.py`), CalDAV (`caldav.py`)."""
