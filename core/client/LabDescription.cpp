#include "LabDescription.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>

namespace tandem::client {

QString labJsonPath(const QString& dir)
{
    return QDir(dir).filePath(QStringLiteral("lab.json"));
}

QString toString(LabMode mode)
{
    switch (mode) {
    case LabMode::OneToOne: return QStringLiteral("1:1");
    case LabMode::OnePlusOne: return QStringLiteral("1+1");
    case LabMode::LoadBalancing: return QStringLiteral("lb");
    }
    return {};
}

std::optional<LabMode> labModeFromString(const QString& text)
{
    if (text == QStringLiteral("1:1"))
        return LabMode::OneToOne;
    if (text == QStringLiteral("1+1"))
        return LabMode::OnePlusOne;
    if (text == QStringLiteral("lb"))
        return LabMode::LoadBalancing;
    return std::nullopt;
}

QJsonObject LabDescription::toJson() const
{
    QJsonArray list;
    for (const LabDevice& d : devices)
        list.append(QJsonObject{
            {QStringLiteral("name"), d.name},
            {QStringLiteral("address"), d.address},
            {QStringLiteral("port"), d.port},
            {QStringLiteral("user"), d.user},
            {QStringLiteral("password"), d.password},
            {QStringLiteral("pid"), double(d.pid)},
            {QStringLiteral("config"), d.configPath},
            {QStringLiteral("log"), d.logPath},
            {QStringLiteral("metricsPort"), int(d.metricsPort)},
            {QStringLiteral("fingerprint"), d.fingerprint},
        });
    QJsonObject json{{QStringLiteral("mode"), client::toString(mode)},
                     {QStringLiteral("devices"), list}};
    if (bare)
        json.insert(QStringLiteral("bare"), true);
    return json;
}

std::optional<LabDescription> LabDescription::fromJson(const QJsonObject& json, QString* error)
{
    LabDescription lab;
    const auto mode = labModeFromString(json.value(QStringLiteral("mode")).toString());
    const QJsonArray devices = json.value(QStringLiteral("devices")).toArray();
    if (!mode || devices.size() != 2) {
        *error = QStringLiteral("lab.json needs \"mode\" (1:1 or 1+1) and two \"devices\"");
        return std::nullopt;
    }
    lab.mode = *mode;
    lab.bare = json.value(QStringLiteral("bare")).toBool();
    for (const QJsonValue& value : devices) {
        const QJsonObject o = value.toObject();
        LabDevice d;
        d.name = o.value(QStringLiteral("name")).toString();
        d.address = o.value(QStringLiteral("address")).toString();
        d.port = quint16(o.value(QStringLiteral("port")).toInt());
        d.user = o.value(QStringLiteral("user")).toString();
        d.password = o.value(QStringLiteral("password")).toString();
        d.pid = qint64(o.value(QStringLiteral("pid")).toDouble());
        d.configPath = o.value(QStringLiteral("config")).toString();
        d.logPath = o.value(QStringLiteral("log")).toString();
        d.metricsPort = quint16(o.value(QStringLiteral("metricsPort")).toInt());
        d.fingerprint = o.value(QStringLiteral("fingerprint")).toString();
        if (d.name.isEmpty() || QHostAddress(d.address).isNull() || d.port == 0) {
            *error = QStringLiteral("lab.json: a device lacks a name, address or port");
            return std::nullopt;
        }
        lab.devices.append(d);
    }
    return lab;
}

std::optional<LabDescription> LabDescription::load(const QString& dir, QString* error)
{
    QFile file(labJsonPath(dir));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("no lab in %1 (%2: %3)")
                     .arg(dir, file.fileName(), file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        *error = QStringLiteral("%1: not valid JSON (%2)")
                     .arg(file.fileName(), parseError.errorString());
        return std::nullopt;
    }
    auto lab = fromJson(document.object(), error);
    if (!lab)
        *error = QStringLiteral("%1: %2").arg(file.fileName(), *error);
    return lab;
}

Endpoint LabDevice::endpoint() const
{
    Endpoint e;
    e.name = name;
    e.host = address;
    e.port = port;
    e.user = user;
    e.password = password;
    if (!fingerprint.isEmpty()) {
        e.transport = Endpoint::Transport::Tls;
        e.pinnedFingerprint = fingerprint;
    }
    return e;
}

} // namespace tandem::client
