"""Measurements run by hand (not tests): their figures go into the README with date and machine."""
