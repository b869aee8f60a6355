#include "Logging.h"

Q_LOGGING_CATEGORY(lcMgmt, "tandem.mgmt", QtInfoMsg)
