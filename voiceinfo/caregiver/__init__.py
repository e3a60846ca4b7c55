"""The caregiver's tools: set-up, doctor, the kiosk and its systemd unit and log."""
