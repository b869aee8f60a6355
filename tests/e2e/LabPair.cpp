#include "LabPair.h"

#include "TestSupport.h"
#include "ctl/BlockingCall.h"
#include "protocol/JsonRpc.h"

#include <QJsonArray>

namespace tandem::test {

void LabPair::startLab(const QString& mode, const QStringList& extra)
{
    ASSERT_TRUE(m_dir.isValid());
    const ProcessResult up = tandemctl(QStringList{QStringLiteral("lab"), QStringLiteral("up"),
                                                   QStringLiteral("--dir"), m_dir.path(),
                                                   QStringLiteral("--mode"), mode,
                                                   QStringLiteral("--base"), randomLoopbackBase()}
                                       + extra);
    ASSERT_EQ(up.exitCode, 0) << up.out.toStdString() << up.err.toStdString();
    QString error;
    const auto lab = client::LabDescription::load(m_dir.path(), &error);
    ASSERT_TRUE(lab.has_value()) << error.toStdString();
    m_lab = *lab;
}

std::optional<QJsonObject> LabPair::call(const QString& name, const QString& method, const QJsonObject& params,
                                         QString* error) const
{
    QString ignored;
    const auto result = ctl::callAgent(device(name).endpoint(), method, params, 5000, error ? error : &ignored);
    if (!result)
        return std::nullopt;
    return result->toObject();
}

QJsonObject LabPair::location(const QString& name, int sl) const
{
    const auto status = call(name, QStringLiteral("ha.status"));
    if (!status)
        return {};
    for (const QJsonValue& v : status->value(QStringLiteral("serviceLocations")).toArray())
        if (v.toObject().value(QStringLiteral("id")).toInt() == sl)
            return v.toObject();
    return {};
}

void LabPair::TearDown()
{
    for (auto& process : m_restarted) {
        process->kill();
        process->waitForFinished(3000);
    }
    if (QFile::exists(client::labJsonPath(m_dir.path()))) {
        const ProcessResult down = tandemctl(
            {QStringLiteral("lab"), QStringLiteral("down"), QStringLiteral("--dir"), m_dir.path()});
        EXPECT_EQ(down.exitCode, 0) << down.err.toStdString();
    }
}

const client::LabDevice& LabPair::device(const QString& name) const
{
    for (const client::LabDevice& d : m_lab.devices)
        if (d.name == name)
            return d;
    throw std::runtime_error("no device " + name.toStdString());
}

std::optional<protocol::DeviceStatus> LabPair::statusOf(const QString& name) const
{
    QString error;
    const auto result = ctl::callAgent(device(name).endpoint(),
                                       QLatin1String(protocol::method::kStatusGet), {}, 3000, &error);
    if (!result)
        return std::nullopt;
    return protocol::DeviceStatus::fromJson(result->toObject(), &error);
}

QString LabPair::slgState(const QString& name, int slg) const
{
    const auto status = statusOf(name);
    if (!status)
        return {};
    const auto* s = status->findServiceLocation(slg);
    return s ? s->state : QString();
}

void LabPair::restart(const QString& name)
{
    auto process = std::make_unique<QProcess>();
    process->setProgram(binary(QStringLiteral("tandem-agent")));
    process->setArguments({QStringLiteral("--config"), device(name).configPath});
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start();
    ASSERT_TRUE(process->waitForStarted(5000));
    m_restarted.push_back(std::move(process));
}

} // namespace tandem::test
