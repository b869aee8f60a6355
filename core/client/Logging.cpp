#include "Logging.h"

Q_LOGGING_CATEGORY(lcClient, "tandem.client", QtWarningMsg)
