#pragma once

// A real lab pair for one test: `tandemctl lab up` in a temporary directory on a loopback
// block of its own, `tandemctl lab down` afterwards — plus agents the test restarts itself.

#include "client/LabDescription.h"
#include "protocol/DeviceStatus.h"

#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <memory>
#include <optional>
#include <vector>

namespace tandem::test {

inline const QString kDeviceA = QStringLiteral("CGN-A");
inline const QString kDeviceB = QStringLiteral("CGN-B");
// Fast adverts and light traffic keep each lab test to a few seconds on a small machine.
inline const QStringList kFastLabOptions{QStringLiteral("--advert-ms"), QStringLiteral("100"),
                                         QStringLiteral("--rate"), QStringLiteral("400"),
                                         QStringLiteral("--subscribers"), QStringLiteral("2000")};

class LabPair : public ::testing::Test
{
protected:
    // `extra`: more `tandemctl lab up` options (--advert-ms, --rate, --subscribers, --churn).
    void startLab(const QString& mode = QStringLiteral("1:1"), const QStringList& extra = {});
    void TearDown() override;

    const client::LabDevice& device(const QString& name) const;
    // status.get over the protocol; nullopt when the agent does not answer.
    std::optional<protocol::DeviceStatus> statusOf(const QString& name) const;
    QString slgState(const QString& device, int slg) const; // "" when unreachable
    // One call to a device (5 s); nullopt with *error when it fails.
    std::optional<QJsonObject> call(const QString& name, const QString& method, const QJsonObject& params = {},
                                    QString* error = nullptr) const;
    // A service-location's part of the device's ha.status; empty when unreachable.
    QJsonObject location(const QString& name, int sl) const;
    // Starts the device's agent again with its config, as a child of the test.
    void restart(const QString& name);

    QTemporaryDir m_dir;
    client::LabDescription m_lab;
    std::vector<std::unique_ptr<QProcess>> m_restarted;
};

} // namespace tandem::test
