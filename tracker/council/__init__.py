"""The council's settings page (admin): letterhead details, payee, index, working day,
reminder times — saved in ``core.council_settings`` over the config defaults."""
