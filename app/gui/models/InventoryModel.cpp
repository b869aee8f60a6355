#include "InventoryModel.h"

#include "client/LabDescription.h"
#include "utils/ConnectionStateDisplay.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStyle>
#include <QUuid>

namespace tandem::gui {

using Transport = client::Endpoint::Transport;
using Auth = InventoryDevice::Auth;

namespace {

QString transportName(Transport transport)
{
    switch (transport) {
    case Transport::Tcp:
        return QStringLiteral("tcp");
    case Transport::Tls:
        return QStringLiteral("tls");
    case Transport::Ssh:
        return QStringLiteral("ssh");
    case Transport::Local:
        break;
    }
    return QStringLiteral("local");
}

std::optional<Transport> transportFromName(const QString& name)
{
    if (name == QLatin1String("tcp"))
        return Transport::Tcp;
    if (name == QLatin1String("tls"))
        return Transport::Tls;
    if (name == QLatin1String("ssh"))
        return Transport::Ssh;
    return std::nullopt;
}

QString authName(Auth auth)
{
    switch (auth) {
    case Auth::Password:
        return QStringLiteral("password");
    case Auth::KeyFile:
        return QStringLiteral("keyFile");
    case Auth::SshAgent:
        break;
    }
    return QStringLiteral("sshAgent");
}

std::optional<Auth> authFromName(const QString& name)
{
    if (name == QLatin1String("password"))
        return Auth::Password;
    if (name == QLatin1String("keyFile"))
        return Auth::KeyFile;
    if (name == QLatin1String("sshAgent"))
        return Auth::SshAgent;
    return std::nullopt;
}

QJsonObject deviceToJson(const InventoryDevice& d)
{
    return QJsonObject{
        {QStringLiteral("name"), d.name},
        {QStringLiteral("transport"), transportName(d.transport)},
        {QStringLiteral("host"), d.host},
        {QStringLiteral("port"), int(d.port)},
        {QStringLiteral("user"), d.user},
        {QStringLiteral("auth"), authName(d.auth)},
        {QStringLiteral("keyFile"), d.keyFile},
        {QStringLiteral("pinnedFingerprint"), d.pinnedFingerprint},
        {QStringLiteral("knownHostsFile"), d.knownHostsFile},
    };
}

std::optional<InventoryDevice> deviceFromJson(const QJsonObject& o, QString* error)
{
    InventoryDevice d;
    d.name = o.value(QStringLiteral("name")).toString();
    const auto transport = transportFromName(o.value(QStringLiteral("transport")).toString());
    const auto auth =
        authFromName(o.value(QStringLiteral("auth")).toString(QStringLiteral("password")));
    const int port = o.value(QStringLiteral("port")).toInt();
    if (!transport) {
        *error = QStringLiteral("\"transport\" must be tls, ssh or tcp");
        return std::nullopt;
    }
    if (!auth) {
        *error = QStringLiteral("\"auth\" must be password, keyFile or sshAgent");
        return std::nullopt;
    }
    if (port < 1 || port > 65535) {
        *error = QStringLiteral("\"port\" must be 1–65535");
        return std::nullopt;
    }
    d.transport = *transport;
    d.auth = *auth;
    d.port = quint16(port);
    d.host = o.value(QStringLiteral("host")).toString();
    d.user = o.value(QStringLiteral("user")).toString();
    d.keyFile = o.value(QStringLiteral("keyFile")).toString();
    d.pinnedFingerprint = o.value(QStringLiteral("pinnedFingerprint")).toString();
    d.knownHostsFile = o.value(QStringLiteral("knownHostsFile")).toString();
    return d;
}

QList<QStandardItem*> makeRow(const QString& name, const QString& address,
                              const QString& description)
{
    QList<QStandardItem*> row;
    for (const QString& text : {name, QString(), address, description}) {
        auto* item = new QStandardItem(text);
        item->setEditable(false);
        row.append(item);
    }
    return row;
}

} // namespace

quint16 InventoryDevice::defaultPort(Transport transport)
{
    return transport == Transport::Ssh ? 22 : 7830;
}

client::Endpoint InventoryDevice::endpoint() const
{
    client::Endpoint e;
    e.name = name;
    e.host = host;
    e.port = port;
    e.user = user;
    e.transport = transport;
    e.pinnedFingerprint = pinnedFingerprint;
    if (transport == Transport::Ssh) {
        e.sshKeyFile = auth == Auth::KeyFile ? keyFile : QString();
        e.sshAgent = auth == Auth::SshAgent;
        e.knownHostsFile = knownHostsFile;
    }
    return e;
}

QString InventoryDevice::address() const
{
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

QString InventoryPair::title() const
{
    return name.isEmpty() ? QStringLiteral("%1 / %2").arg(devices[0].name, devices[1].name) : name;
}

QString InventoryPair::secretKey(int side) const
{
    return QStringLiteral("%1/%2").arg(id, side == 0 ? QStringLiteral("A") : QStringLiteral("B"));
}

QString InventoryPair::defaultKnownHostsFile(int side) const
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("known_hosts/%1-%2")
                      .arg(id, side == 0 ? QStringLiteral("A") : QStringLiteral("B")));
}

InventoryModel::InventoryModel(QObject* parent) : QStandardItemModel(parent)
{
    setHorizontalHeaderLabels({tr("Name"), tr("State"), tr("Address"), tr("Description")});
}

QString InventoryModel::defaultFile()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("inventory.json"));
}

QByteArray InventoryModel::toJson() const
{
    QJsonArray pairs;
    for (const InventoryPair& p : m_pairs)
        pairs.append(QJsonObject{
            {QStringLiteral("id"), p.id},
            {QStringLiteral("name"), p.name},
            {QStringLiteral("folder"), p.folder},
            {QStringLiteral("description"), p.description},
            {QStringLiteral("labDirectory"), p.labDirectory},
            {QStringLiteral("devices"),
             QJsonArray{deviceToJson(p.devices[0]), deviceToJson(p.devices[1])}},
        });
    const QJsonObject root{{QStringLiteral("version"), 1},
                           {QStringLiteral("folders"), QJsonArray::fromStringList(m_folders)},
                           {QStringLiteral("pairs"), pairs}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool InventoryModel::save(const QString& file, QString* error) const
{
    QDir().mkpath(QFileInfo(file).absolutePath());
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(toJson()) < 0 || !out.commit()) {
        *error = QStringLiteral("%1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

bool InventoryModel::load(const QString& file, QString* error)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(file, in.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(in.readAll(), &parseError);
    if (!document.isObject()) {
        *error = QStringLiteral("%1: not valid JSON (%2)").arg(file, parseError.errorString());
        return false;
    }
    QStringList folders;
    for (const QJsonValue& v : document.object().value(QStringLiteral("folders")).toArray())
        if (!v.toString().isEmpty() && !folders.contains(v.toString()))
            folders.append(v.toString());
    QList<InventoryPair> pairs;
    const QJsonArray list = document.object().value(QStringLiteral("pairs")).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        InventoryPair p;
        p.id = o.value(QStringLiteral("id")).toString();
        p.name = o.value(QStringLiteral("name")).toString();
        p.folder = o.value(QStringLiteral("folder")).toString();
        p.description = o.value(QStringLiteral("description")).toString();
        p.labDirectory = o.value(QStringLiteral("labDirectory")).toString();
        const QJsonArray devices = o.value(QStringLiteral("devices")).toArray();
        if (p.id.isEmpty() || devices.size() != 2) {
            *error = QStringLiteral("%1: pair %2 needs an \"id\" and two \"devices\"")
                         .arg(file)
                         .arg(i + 1);
            return false;
        }
        for (int side = 0; side < 2; ++side) {
            QString deviceError;
            const auto device = deviceFromJson(devices[side].toObject(), &deviceError);
            if (!device) {
                *error = QStringLiteral("%1: pair %2, device %3: %4")
                             .arg(file)
                             .arg(i + 1)
                             .arg(side + 1)
                             .arg(deviceError);
                return false;
            }
            p.devices[size_t(side)] = *device;
        }
        if (!p.folder.isEmpty() && !folders.contains(p.folder))
            folders.append(p.folder);
        pairs.append(p);
    }
    m_folders = folders;
    m_pairs = pairs;
    rebuild();
    return true;
}

QStringList InventoryModel::folders() const
{
    return m_folders;
}

void InventoryModel::addFolder(const QString& name)
{
    if (name.isEmpty() || m_folders.contains(name))
        return;
    m_folders.append(name);
    rebuild();
    Q_EMIT inventoryChanged();
}

void InventoryModel::removeFolder(const QString& name)
{
    if (!m_folders.removeOne(name))
        return;
    for (InventoryPair& p : m_pairs)
        if (p.folder == name)
            p.folder.clear();
    rebuild();
    Q_EMIT inventoryChanged();
}

std::optional<InventoryPair> InventoryModel::pair(const QString& id) const
{
    const int i = pairIndex(id);
    if (i < 0)
        return std::nullopt;
    return m_pairs[i];
}

int InventoryModel::pairIndex(const QString& id) const
{
    for (qsizetype i = 0; i < m_pairs.size(); ++i)
        if (m_pairs[i].id == id)
            return int(i);
    return -1;
}

QString InventoryModel::addPair(InventoryPair pair)
{
    if (pair.id.isEmpty() || pairIndex(pair.id) >= 0)
        pair.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!pair.folder.isEmpty() && !m_folders.contains(pair.folder))
        m_folders.append(pair.folder);
    m_pairs.append(pair);
    rebuild();
    Q_EMIT inventoryChanged();
    return pair.id;
}

bool InventoryModel::updatePair(const InventoryPair& pair)
{
    const int i = pairIndex(pair.id);
    if (i < 0)
        return false;
    if (!pair.folder.isEmpty() && !m_folders.contains(pair.folder))
        m_folders.append(pair.folder);
    m_pairs[i] = pair;
    rebuild();
    Q_EMIT inventoryChanged();
    return true;
}

void InventoryModel::removePair(const QString& id)
{
    const int i = pairIndex(id);
    if (i < 0)
        return;
    m_pairs.removeAt(i);
    m_states.remove(id);
    rebuild();
    Q_EMIT inventoryChanged();
}

QString InventoryModel::pairIdForLab(const QString& labDirectory) const
{
    for (const InventoryPair& p : m_pairs)
        if (!p.labDirectory.isEmpty() && p.labDirectory == labDirectory)
            return p.id;
    return {};
}

QString InventoryModel::addOrRefreshLabPair(const QString& labDirectory,
                                            const QList<InventoryDevice>& devices)
{
    if (devices.size() != 2)
        return {};
    const QString folder = tr("Labs");
    const QString id = pairIdForLab(labDirectory);
    InventoryPair p = id.isEmpty() ? InventoryPair{} : *pair(id);
    p.labDirectory = labDirectory;
    if (p.name.isEmpty())
        p.name = tr("Lab %1").arg(QDir(labDirectory).dirName());
    if (id.isEmpty())
        p.folder = folder;
    p.description = tr("tandemctl lab in %1").arg(QDir::toNativeSeparators(labDirectory));
    p.devices = {devices[0], devices[1]};
    return id.isEmpty() ? addPair(p) : (updatePair(p), id);
}

void InventoryModel::setPinnedFingerprint(const QString& pairId, int side,
                                          const QString& fingerprint)
{
    const int i = pairIndex(pairId);
    if (i < 0 || m_pairs[i].devices[size_t(side)].pinnedFingerprint == fingerprint)
        return;
    m_pairs[i].devices[size_t(side)].pinnedFingerprint = fingerprint;
    Q_EMIT inventoryChanged();
}

void InventoryModel::setConnectionState(const QString& pairId, int side,
                                        client::AgentClient::State state, const QString& error)
{
    if (pairIndex(pairId) < 0)
        return;
    m_states[pairId][size_t(side)] = {state, error};
    updateDeviceStateItem(pairId, side);
}

client::AgentClient::State InventoryModel::connectionState(const QString& pairId, int side) const
{
    return m_states.value(pairId)[size_t(side)].state;
}

QModelIndex InventoryModel::indexOfFolder(const QString& name) const
{
    for (int row = 0; row < rowCount(); ++row) {
        const QModelIndex i = index(row, Name);
        if (kindOf(i) == Kind::Folder && i.data(FolderRole).toString() == name)
            return i;
    }
    return {};
}

QModelIndex InventoryModel::indexOfPair(const QString& id) const
{
    const int i = pairIndex(id);
    if (i < 0)
        return {};
    const QModelIndex parent = indexOfFolder(m_pairs[i].folder);
    for (int row = 0; row < rowCount(parent); ++row) {
        const QModelIndex candidate = index(row, Name, parent);
        if (kindOf(candidate) == Kind::Pair && candidate.data(PairIdRole).toString() == id)
            return candidate;
    }
    return {};
}

InventoryModel::Kind InventoryModel::kindOf(const QModelIndex& index)
{
    return Kind(index.siblingAtColumn(Name).data(KindRole).toInt());
}

QString InventoryModel::pairIdOf(const QModelIndex& index)
{
    return index.siblingAtColumn(Name).data(PairIdRole).toString();
}

QStandardItem* InventoryModel::folderItem(const QString& name)
{
    if (name.isEmpty())
        return invisibleRootItem();
    if (const QModelIndex i = indexOfFolder(name); i.isValid())
        return itemFromIndex(i);
    QList<QStandardItem*> row = makeRow(name, {}, {});
    row[Name]->setData(int(Kind::Folder), KindRole);
    row[Name]->setData(name, FolderRole);
    row[Name]->setIcon(QApplication::style()->standardIcon(QStyle::SP_DirIcon));
    appendRow(row);
    return row[Name];
}

QList<QStandardItem*> InventoryModel::makePairRow(const InventoryPair& pair)
{
    QList<QStandardItem*> row = makeRow(pair.title(), {}, pair.description);
    row[Name]->setData(int(Kind::Pair), KindRole);
    row[Name]->setData(pair.id, PairIdRole);
    // The tree hides the description column to stay narrow: the tooltip shows it.
    row[Name]->setToolTip(
        pair.labDirectory.isEmpty()
            ? pair.description
            : tr("%1\nLab pair: credentials are read from %2")
                  .arg(pair.description,
                       QDir::toNativeSeparators(client::labJsonPath(pair.labDirectory))));
    for (int side = 0; side < 2; ++side)
        row[Name]->appendRow(makeDeviceRow(pair, side));
    return row;
}

QList<QStandardItem*> InventoryModel::makeDeviceRow(const InventoryPair& pair, int side)
{
    const InventoryDevice& d = pair.devices[size_t(side)];
    const QString transport = d.transport == Transport::Ssh   ? tr("SSH")
                              : d.transport == Transport::Tls ? tr("TLS")
                                                              : tr("TCP");
    // The transport is in the tooltip: the dock is narrow.
    QList<QStandardItem*> row = makeRow(d.name, d.address(), QString());
    row[Name]->setData(int(Kind::Device), KindRole);
    row[Name]->setData(pair.id, PairIdRole);
    row[Name]->setData(side, SideRole);
    row[Address]->setData(d.address(), Qt::UserRole);
    row[Address]->setToolTip(tr("%1 over %2\n%3")
                                 .arg(d.address(), transport,
                                      d.pinnedFingerprint.isEmpty()
                                          ? tr("No key pinned yet: the first connect asks")
                                          : tr("Pinned: %1").arg(d.pinnedFingerprint)));
    return row;
}

QStandardItem* InventoryModel::deviceItem(const QString& pairId, int side, int column) const
{
    const QModelIndex p = indexOfPair(pairId);
    if (!p.isValid() || rowCount(p) <= side)
        return nullptr;
    return itemFromIndex(index(side, column, p));
}

void InventoryModel::updateDeviceStateItem(const QString& pairId, int side)
{
    QStandardItem* item = deviceItem(pairId, side, State);
    if (!item)
        return;
    const DeviceState s = m_states.value(pairId)[size_t(side)];
    item->setText(ConnectionStateDisplay::text(s.state));
    item->setData(int(s.state), Qt::UserRole);
    item->setIcon(ConnectionStateDisplay::icon(s.state));
    item->setToolTip(s.error.isEmpty() ? item->text() : tr("%1: %2").arg(item->text(), s.error));
}

void InventoryModel::rebuild()
{
    removeRows(0, rowCount());
    for (const QString& folder : m_folders)
        folderItem(folder);
    for (const InventoryPair& p : m_pairs)
        folderItem(p.folder)->appendRow(makePairRow(p));
    for (const InventoryPair& p : m_pairs)
        for (int side = 0; side < 2; ++side)
            updateDeviceStateItem(p.id, side);
}

} // namespace tandem::gui
