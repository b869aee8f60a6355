#include "Logging.h"

Q_LOGGING_CATEGORY(lcProtocol, "tandem.protocol", QtInfoMsg)
