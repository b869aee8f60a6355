#pragma once

// What the lab benchmarks share: waiting on the event loop, and a service-location's part of
// ha.status.

#include "client/LabDescription.h"
#include "ctl/BlockingCall.h"
#include "ctl/Lab.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <optional>

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

// A lab pair in a temporary directory with a session to each device; down when it goes.
struct BenchLab
{
    QTemporaryDir dir;
    std::optional<client::LabDescription> lab;
    std::unique_ptr<ctl::AgentSession> links[2];
    QString error;

    BenchLab() = default;
    BenchLab(const BenchLab&) = delete;
    BenchLab& operator=(const BenchLab&) = delete;
    virtual ~BenchLab()
    {
        links[0].reset();
        links[1].reset();
        QString ignored;
        if (lab)
            ctl::labDown(dir.path(), &ignored);
    }
    // `tandemctl lab up` with `options` in this directory (TANDEM_BENCH_KEEP keeps it, for a
    // look at the agents' logs).
    bool start(ctl::LabUpOptions options)
    {
        if (qEnvironmentVariableIsSet("TANDEM_BENCH_KEEP")) {
            dir.setAutoRemove(false);
            std::fprintf(stderr, "lab in %s\n", qPrintable(dir.path()));
        }
        options.dir = dir.path();
        lab = ctl::labUp(options, &error);
        if (!lab)
            return false;
        for (int i = 0; i < 2; ++i)
            links[i] = std::make_unique<ctl::AgentSession>(lab->devices[i].endpoint());
        return true;
    }
    std::optional<QJsonObject> call(int device, const QString& method,
                                    const QJsonObject& params = {}, int timeoutMs = 20000)
    {
        const auto r = links[device]->call(method, params, timeoutMs, &error);
        if (!r)
            return std::nullopt;
        return r->toObject();
    }
};

} // namespace tandem::labbench
