#pragma once

// The HA side of one running device: its VRRP groups on the monotonic clock, adverts as UDP
// unicast to the peer, and the service-location groups whose state mirrors them.

#include "VrrpGroup.h"
#include "config/DeviceConfig.h"
#include "protocol/DeviceStatus.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>
#include <map>
#include <memory>
#include <set>
#include <vector>

class QUdpSocket;

namespace tandem::ha {

class HaNode final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HaNode)

public:
    // Binds one UDP socket per local address that carries VRRP; an address or port that
    // cannot be bound is an error naming it, and nothing is left open.
    static std::unique_ptr<HaNode> create(const config::DeviceConfig& config, QString* error);
    ~HaNode() override;

    void start();    // interfaces up: Initialize → Backup (or Master when owner)
    void shutdown(); // master groups resign with priority 0 so the peer takes over at once

    // A board fault takes its service-location down; every VRRP group tracking it loses the
    // configured reduction (and so may hand mastership to the peer).
    void setServiceLocationUp(int id, bool up);

    protocol::DeviceStatus status() const;

Q_SIGNALS:
    void changed(); // a VRRP or service-location state changed

private:
    struct Group
    {
        const config::InterfaceConfig* interface = nullptr;
        const config::VrrpGroupConfig* config = nullptr;
        std::unique_ptr<VrrpGroup> vrrp;
        QUdpSocket* socket = nullptr;
        std::vector<std::uint32_t> peers;
        bool heardFromPeer = false; // any advert received since start
        qint64 lastChangeMsecsSinceEpoch = 0;
    };

    explicit HaNode(const config::DeviceConfig& config);
    static TimePoint now();
    void sendAdvert(Group& group, const VrrpAdvert& advert);
    void onDatagrams(QUdpSocket* socket);
    void reschedule();
    void onTimer();
    int trackReduction(const config::VrrpGroupConfig& vrrp) const;
    const Group* groupOf(const config::ServiceLocationConfig& slg) const;

    config::DeviceConfig m_config;
    std::map<std::uint32_t, QUdpSocket*> m_sockets; // by local address
    std::vector<std::unique_ptr<Group>> m_groups;
    std::set<int> m_downServiceLocations;
    QTimer m_timer;
    qint64 m_bootMsecsSinceEpoch = QDateTime::currentMSecsSinceEpoch();
};

} // namespace tandem::ha
