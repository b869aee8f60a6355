#pragma once

// The user's inventory: folders of HA pairs, each pair two devices. Shown as a tree
// (folder > pair > device) with a connection state per device, and kept as JSON in the
// app's config location (inventory.json). Passwords are never part of it: they live in the
// keychain (SecretStore) under each device's secretKey().

#include "client/AgentClient.h"

#include <QStandardItemModel>
#include <array>
#include <optional>

namespace tandem::gui {

struct InventoryDevice
{
    enum class Auth
    {
        Password, // TLS: the agent password; SSH: the SSH password
        KeyFile,  // SSH only
        SshAgent  // SSH only
    };

    QString name;
    // Tcp only for lab pairs without TLS; the device dialog offers TLS and SSH.
    client::Endpoint::Transport transport = client::Endpoint::Transport::Tls;
    QString host;
    quint16 port = 0;
    QString user;
    Auth auth = Auth::Password;
    QString keyFile;
    // The certificate (TLS) or host key (SSH) fingerprint accepted at first connect,
    // "SHA256:…"; empty: not pinned yet. Per device, never per virtual IP.
    QString pinnedFingerprint;
    QString knownHostsFile; // SSH: this device's own known_hosts

    static quint16 defaultPort(client::Endpoint::Transport transport);
    // Everything but the password.
    client::Endpoint endpoint() const;
    QString address() const; // "host:port"
};

struct InventoryPair
{
    QString id; // stable across renames; the keychain key prefix
    QString name;
    QString folder; // empty: top level
    QString description;
    // Set for the pair of a lab directory: its credentials are read from lab.json.
    QString labDirectory;
    std::array<InventoryDevice, 2> devices;

    QString title() const; // "CGN-A / CGN-B" when unnamed
    // The keychain entry of one device's password.
    QString secretKey(int side) const;
    // SSH: the known_hosts file of one device alone (in AppDataLocation), so its host key is
    // pinned to the device — never shared with another device or a virtual IP.
    QString defaultKnownHostsFile(int side) const;
};

class InventoryModel final : public QStandardItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InventoryModel)

public:
    enum Column
    {
        Name,
        State,
        Address,
        Description,
        ColumnCount
    };
    enum class Kind
    {
        Folder,
        Pair,
        Device
    };
    enum DataRole
    {
        KindRole = Qt::UserRole + 1, // a Kind as int
        PairIdRole,                  // pairs and devices
        SideRole,                    // devices: 0 or 1
        FolderRole                   // folders: the folder's name
    };

    explicit InventoryModel(QObject* parent = nullptr);

    // inventory.json in QStandardPaths::AppConfigLocation.
    static QString defaultFile();
    // On failure *error names the file and the problem, and the model is unchanged.
    bool load(const QString& file, QString* error);
    bool save(const QString& file, QString* error) const;
    QByteArray toJson() const;

    QStringList folders() const;
    void addFolder(const QString& name);
    // Its pairs move to the top level.
    void removeFolder(const QString& name);

    QList<InventoryPair> pairs() const { return m_pairs; }
    std::optional<InventoryPair> pair(const QString& id) const;
    // Returns the pair's id (made when empty).
    QString addPair(InventoryPair pair);
    // Replaces the pair with the same id; false when there is none.
    bool updatePair(const InventoryPair& pair);
    void removePair(const QString& id);
    // The pair of a lab directory, added or refreshed from lab.json (no password kept).
    QString addOrRefreshLabPair(const QString& labDirectory, const QList<InventoryDevice>& devices);
    QString pairIdForLab(const QString& labDirectory) const;

    void setPinnedFingerprint(const QString& pairId, int side, const QString& fingerprint);
    void setConnectionState(const QString& pairId, int side, client::AgentClient::State state,
                            const QString& error = {});
    client::AgentClient::State connectionState(const QString& pairId, int side) const;

    QModelIndex indexOfPair(const QString& id) const;
    QModelIndex indexOfFolder(const QString& name) const;
    static Kind kindOf(const QModelIndex& index);
    static QString pairIdOf(const QModelIndex& index); // of a pair or one of its devices

Q_SIGNALS:
    // Anything that belongs in inventory.json changed (not connection states).
    void inventoryChanged();

private:
    struct DeviceState
    {
        client::AgentClient::State state = client::AgentClient::State::Disconnected;
        QString error;
    };

    void rebuild();
    QStandardItem* folderItem(const QString& name);
    QList<QStandardItem*> makePairRow(const InventoryPair& pair);
    QList<QStandardItem*> makeDeviceRow(const InventoryPair& pair, int side);
    void updateDeviceStateItem(const QString& pairId, int side);
    QStandardItem* deviceItem(const QString& pairId, int side, int column) const;
    int pairIndex(const QString& id) const;

    QStringList m_folders;
    QList<InventoryPair> m_pairs;
    QHash<QString, std::array<DeviceState, 2>> m_states;
};

} // namespace tandem::gui
