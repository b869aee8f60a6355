#pragma once

// What the lab benchmarks share: waiting on the event loop, and a service-location's part of
// ha.status.

#include "ctl/BlockingCall.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>

namespace tandem::labbench {

inline void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

inline QJsonObject location1(const QJsonObject& haStatus)
{
    for (const QJsonValue& v : haStatus.value(QStringLiteral("serviceLocations")).toArray())
        if (v.toObject().value(QStringLiteral("id")).toInt() == 1)
            return v.toObject();
    return {};
}

// lab.fill of `sessions` into a device's service-location `sl`, waited for until it is done;
// false with *error when the call failed or it did not finish within `timeoutMs`.
inline bool fillAndWait(ctl::AgentSession& session, int sl, int sessions, int timeoutMs,
                        QString* error)
{
    if (!session.call(QStringLiteral("lab.fill"),
                      {{QStringLiteral("serviceLocation"), sl},
                       {QStringLiteral("sessions"), sessions},
                       {QStringLiteral("subscribers"), 4000}},
                      20000, error))
        return false;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const auto s = session.call(QStringLiteral("lab.status"), {}, 20000, error);
        if (!s)
            return false;
        if (!s->toObject()
                 .value(QStringLiteral("fill"))
                 .toObject()
                 .value(QStringLiteral("running"))
                 .toBool())
            return true;
        pause(100);
    }
    *error = QStringLiteral("lab.fill did not finish within %1 s").arg(timeoutMs / 1000);
    return false;
}

} // namespace tandem::labbench
