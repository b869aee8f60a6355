#include "Logging.h"

Q_LOGGING_CATEGORY(lcLab, "tandem.lab", QtInfoMsg)
