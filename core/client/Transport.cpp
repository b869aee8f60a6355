#include "Transport.h"

#include <pwd.h>
#include <unistd.h>

namespace tandem::client {

QString currentOsUser()
{
    const passwd* entry = getpwuid(geteuid());
    return entry ? QString::fromLocal8Bit(entry->pw_name) : QString();
}

} // namespace tandem::client
