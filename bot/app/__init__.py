"""Composition: settings, the flow catalog and the running bot; the only layer that imports every edge."""
