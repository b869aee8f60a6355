#pragma once

// What the lab benchmarks share: waiting on the event loop, and a service-location's part of
// ha.status.

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

} // namespace tandem::labbench
