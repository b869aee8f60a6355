#pragma once

// What every tandemctl command prints: results on stdout (flushed, so that a pipe sees each
// line as it comes), errors once on stderr as `tandemctl: …` with the exit status to return.

#include <QString>
#include <cstdio>

namespace tandem::ctl {

inline void out(const QString& text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fflush(stdout);
}

inline int fail(const QString& message, int status = 1)
{
    std::fprintf(stderr, "tandemctl: %s\n", message.toUtf8().constData());
    return status;
}

} // namespace tandem::ctl
