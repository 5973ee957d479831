"""Settings: ``base`` is the one path to production; ``local`` and ``test`` only supply defaults on top."""
