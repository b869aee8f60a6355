#include "Logging.h"

Q_LOGGING_CATEGORY(lcHa, "tandem.ha", QtInfoMsg)
