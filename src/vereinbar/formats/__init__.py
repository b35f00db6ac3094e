"""Date and number formats where Django's own do not suit the platform's readers
(``FORMAT_MODULE_PATH``): only English, whose Django formats are American."""
