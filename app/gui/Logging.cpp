#include "Logging.h"

Q_LOGGING_CATEGORY(lcGui, "tandem.gui")
