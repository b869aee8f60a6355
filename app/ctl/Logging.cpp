#include "Logging.h"

Q_LOGGING_CATEGORY(lcCtl, "tandem.ctl", QtWarningMsg)
