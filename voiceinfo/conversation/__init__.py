"""The conversation: from what was heard to what to say next, with no devices."""
