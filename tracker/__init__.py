"""The tracker's build and site logic, in small modules that build_db.py and plugins/ call."""
