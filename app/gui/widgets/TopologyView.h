#pragma once

// The pair as a picture: both chassis with their service boards (one per service-location,
// role by colour and by text), the backup channel between them with its state and records
// flowing along it while they flow, the VRRP virtual IPs above the device that owns them, and
// alarms next to the element they concern. A switchover plays out: the virtual IP moves to
// the new master, whose board is highlighted for a few seconds.

#include "client/DeviceMonitor.h"
#include "client/HotBackupMonitor.h"

#include <QDateTime>
#include <QGraphicsView>
#include <QHash>
#include <QTimer>
#include <array>

class QGraphicsItem;
class QVariantAnimation;

namespace tandem::gui {

class TopologyView final : public QGraphicsView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TopologyView)

public:
    // All must outlive the view.
    TopologyView(std::array<const client::DeviceMonitor*, 2> devices,
                 std::array<const client::HotBackupMonitor*, 2> monitors, QWidget* parent = nullptr);

    // What the picture says, for tests and accessibility: "CGN-A SLG 1 MASTER", …
    QStringList boardTexts() const;
    // Side (0, 1) the virtual IP of `vrid` is drawn over; -1 when no device is master.
    int virtualIpSide(int vrid) const;
    bool isSyncFlowing() const { return m_flowTimer.isActive(); }
    QStringList alarmTexts() const;
    // What each virtual IP's box says: "VIP 10.0.0.1 | VRID 1 · master CGN-A".
    QStringList vipTexts() const { return m_vipTexts; }

    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Alarm
    {
        int side = 0;
        int serviceLocation = 0; // 0: the device itself
        QString text;
        QDateTime until;
    };

    void rebuild();
    void onAlarm(int side, const QString& message);
    void onSample(int side, const client::HotBackupMonitor::Sample& sample);
    void advanceFlow();
    void fit();
    QList<Alarm> currentAlarms() const;
    QGraphicsItem* addLabel(const QString& text, const QPointF& at, const QColor& colour,
                            bool bold = false, qreal pointScale = 1.0, bool centred = false,
                            qreal maxWidth = 0);

    std::array<const client::DeviceMonitor*, 2> m_devices;
    std::array<const client::HotBackupMonitor*, 2> m_monitors;
    std::array<double, 2> m_sentRate{};
    QHash<int, int> m_vipSide;              // VRID → side it is drawn over
    QHash<int, int> m_lastMasterSide;       // VRID → side last seen master
    QHash<int, double> m_vipX;              // VRID → current x (animated)
    QHash<int, QVariantAnimation*> m_vipAnimations;
    QHash<QString, QDateTime> m_takeovers;  // "side/slg" → highlight until
    QList<Alarm> m_alarms;
    QList<QGraphicsItem*> m_flowDots;
    std::array<QStringList, 2> m_boardTexts;
    QStringList m_vipTexts;
    double m_flowPhase = 0;
    qreal m_sceneWidth = 900; // follows the view (resizeEvent)
    qreal m_sceneHeight = 330;
    bool m_rebuilding = false;
    QTimer m_flowTimer;
    QTimer m_expiryTimer;
};

} // namespace tandem::gui
