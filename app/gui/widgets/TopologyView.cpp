#include "TopologyView.h"

#include "utils/ColorUtils.h"
#include "utils/ConnectionStateDisplay.h"
#include "utils/DeviceIdentity.h"

#include <QApplication>
#include <QEvent>
#include <QFontMetricsF>
#include <QGraphicsEllipseItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QMap>
#include <QRegularExpression>
#include <QScopedValueRollback>
#include <QVariantAnimation>
#include <cmath>

namespace tandem::gui {

namespace {

// The scene is as wide as the view (in scene units of the view's own font), never narrower
// than this: below it the picture is scaled down whole.
constexpr qreal kMinSceneWidth = 640;
// A view taller than the picture enlarges it, text and all, up to this factor.
constexpr qreal kMaxZoom = 1.6;
constexpr qreal kChassisTop = 120;
constexpr qreal kBoardHeight = 46;
constexpr qreal kBoardGap = 10;
constexpr qreal kChannelY = 200;
constexpr int kTakeoverHighlightMs = 4000;
constexpr int kAlarmShowSeconds = 60;
constexpr int kFlowDots = 5;

qreal chassisWidth(qreal sceneWidth)
{
    return std::clamp((sceneWidth - 40) * 0.36, 250.0, 380.0);
}

qreal chassisLeft(int side, qreal sceneWidth)
{
    return side == 0 ? 20 : sceneWidth - 20 - chassisWidth(sceneWidth);
}

qreal vipHomeX(int side, qreal sceneWidth)
{
    return side < 0 ? sceneWidth / 2 : chassisLeft(side, sceneWidth) + chassisWidth(sceneWidth) / 2;
}

QString roleText(const QString& role)
{
    if (role == QLatin1String("master"))
        return TopologyView::tr("MASTER");
    if (role == QLatin1String("slave"))
        return TopologyView::tr("STANDBY");
    if (role == QLatin1String("down"))
        return TopologyView::tr("DOWN");
    return role.toUpper();
}

// A batch backup's state as `display service-location` gives it, in the user's language.
QString batchText(const QString& state)
{
    if (state == QLatin1String("finished"))
        return TopologyView::tr("batch finished");
    if (state == QLatin1String("unfinished"))
        return TopologyView::tr("batch unfinished");
    return TopologyView::tr("batch %1").arg(state);
}

// The backup channel's state as the agent reports it, in the user's language.
QString channelText(const QString& state)
{
    if (state == QLatin1String("up"))
        return TopologyView::tr("up");
    if (state == QLatin1String("down"))
        return TopologyView::tr("down");
    if (state == QLatin1String("connecting"))
        return TopologyView::tr("connecting");
    return state.isEmpty() ? TopologyView::tr("unknown") : state;
}

} // namespace

TopologyView::TopologyView(std::array<const client::DeviceMonitor*, 2> devices,
                           std::array<const client::HotBackupMonitor*, 2> monitors, QWidget* parent)
    : QGraphicsView(parent), m_devices(devices), m_monitors(monitors)
{
    setScene(new QGraphicsScene(this));
    setRenderHint(QPainter::Antialiasing);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFrameShape(QFrame::NoFrame);
    setMinimumHeight(220);
    // 12.5 frames a second: enough to see records flow, and cheap to paint.
    m_flowTimer.setInterval(80);
    connect(&m_flowTimer, &QTimer::timeout, this, &TopologyView::advanceFlow);
    // Alarms and take-over highlights fade by time, not only on the next status.
    m_expiryTimer.setInterval(1000);
    connect(&m_expiryTimer, &QTimer::timeout, this, [this] {
        const QDateTime now = QDateTime::currentDateTime();
        bool expired = false;
        for (auto it = m_takeovers.begin(); it != m_takeovers.end();)
            if (it.value() <= now) {
                it = m_takeovers.erase(it);
                expired = true;
            } else {
                ++it;
            }
        expired |= m_alarms.removeIf([&](const Alarm& a) { return a.until <= now; }) > 0;
        if (expired)
            rebuild();
    });
    m_expiryTimer.start();
    for (int side = 0; side < 2; ++side) {
        connect(m_devices[size_t(side)], &client::DeviceMonitor::statusChanged, this, &TopologyView::rebuild);
        connect(m_devices[size_t(side)], &client::DeviceMonitor::connectionStateChanged, this,
                &TopologyView::rebuild);
        connect(m_monitors[size_t(side)], &client::HotBackupMonitor::statusChanged, this,
                &TopologyView::rebuild);
        connect(m_monitors[size_t(side)], &client::HotBackupMonitor::alarmRaised, this,
                [this, side](const QString& message) { onAlarm(side, message); });
        connect(m_monitors[size_t(side)], &client::HotBackupMonitor::sampled, this,
                [this, side](const client::HotBackupMonitor::Sample& s) { onSample(side, s); });
    }
    rebuild();
}

QSize TopologyView::sizeHint() const
{
    return {900, 330};
}

QStringList TopologyView::boardTexts() const
{
    return m_boardTexts[0] + m_boardTexts[1];
}

int TopologyView::virtualIpSide(int vrid) const
{
    return m_vipSide.value(vrid, -1);
}

QStringList TopologyView::alarmTexts() const
{
    QStringList texts;
    for (const Alarm& a : currentAlarms())
        texts.append(a.text);
    return texts;
}

void TopologyView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    // Laid out for the view's shape, so that the text is drawn at (or above) the font's size
    // rather than shrunk with a fixed picture.
    const QSize view = viewport()->size();
    const qreal zoom =
        std::clamp(qreal(view.height()) / std::max<qreal>(1, m_sceneHeight), 1.0, kMaxZoom);
    const qreal width = std::max(kMinSceneWidth, qreal(view.width()) / zoom);
    if (std::abs(width - m_sceneWidth) > 1) {
        m_sceneWidth = width;
        rebuild();
    } else {
        fit();
    }
}

void TopologyView::changeEvent(QEvent* event)
{
    QGraphicsView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        rebuild();
}

void TopologyView::fit()
{
    fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
}

void TopologyView::onAlarm(int side, const QString& message)
{
    static const QRegularExpression slgPattern(QStringLiteral("service-location (\\d+)"));
    const QRegularExpressionMatch match = slgPattern.match(message);
    m_alarms.append({side, match.hasMatch() ? match.captured(1).toInt() : 0, message,
                     QDateTime::currentDateTime().addSecs(kAlarmShowSeconds)});
    rebuild();
}

void TopologyView::onSample(int side, const client::HotBackupMonitor::Sample& sample)
{
    m_sentRate[size_t(side)] = sample.sentRecordsPerSecond;
    const bool flowing = m_sentRate[0] > 0 || m_sentRate[1] > 0;
    if (flowing && !m_flowTimer.isActive()) {
        m_flowTimer.start();
        rebuild();
    } else if (!flowing && m_flowTimer.isActive()) {
        m_flowTimer.stop();
        rebuild();
    }
}

QList<TopologyView::Alarm> TopologyView::currentAlarms() const
{
    QList<Alarm> alarms = m_alarms;
    for (int side = 0; side < 2; ++side) {
        const auto& status = m_monitors[size_t(side)]->status();
        if (!status)
            continue;
        for (const client::SlgHotBackup& s : status->serviceLocations) {
            if (s.board == QLatin1String("down"))
                alarms.append({side, s.id, tr("board down"), {}});
            else if (s.hasTables && s.digestEqual == false)
                alarms.append({side, s.id, tr("tables differ from the master's"), {}});
            else if (s.backlog > 0)
                alarms.append({side, s.id, tr("backup %1 entries behind").arg(s.backlog), {}});
            else if (s.batchStalled)
                alarms.append({side, s.id, tr("batch backup stalled"), {}});
        }
    }
    return alarms;
}

QGraphicsItem* TopologyView::addLabel(const QString& text, const QPointF& at, const QColor& colour,
                                      bool bold, qreal pointScale, bool centred, qreal maxWidth)
{
    QFont f = font();
    f.setBold(bold);
    f.setPointSizeF(f.pointSizeF() * pointScale);
    // Never past the box it belongs to: elided, the tooltip has all of it.
    const QString shown =
        maxWidth > 0 ? QFontMetricsF(f).elidedText(text, Qt::ElideRight, maxWidth) : text;
    auto* item = scene()->addSimpleText(shown);
    if (shown != text)
        item->setToolTip(text);
    item->setFont(f);
    item->setBrush(colour);
    QPointF pos = at;
    if (centred)
        pos.rx() -= item->boundingRect().width() / 2;
    item->setPos(pos);
    return item;
}

void TopologyView::rebuild()
{
    // Starting an animation below reports its first value at once: no rebuild inside one.
    if (m_rebuilding)
        return;
    const QScopedValueRollback guard(m_rebuilding, true);
    QGraphicsScene* s = scene();
    s->clear();
    m_flowDots.clear();
    const QPalette pal = QApplication::palette();
    const QColor text = pal.color(QPalette::Text);
    const QColor muted = ColorUtils::blend(text, pal.color(QPalette::Base), 0.55);
    const QColor fault = ColorUtils::foreground(ColorUtils::Tone::Fault);
    const QList<Alarm> alarms = currentAlarms();
    const QDateTime now = QDateTime::currentDateTime();
    qreal bottom = kChassisTop + 150;

    // Chassis and boards.
    for (int side = 0; side < 2; ++side) {
        const client::DeviceMonitor* device = m_devices[size_t(side)];
        const auto& hb = m_monitors[size_t(side)]->status();
        const auto& status = device->status();
        m_boardTexts[size_t(side)].clear();
        const qreal left = chassisLeft(side, m_sceneWidth);
        const qreal chassisW = chassisWidth(m_sceneWidth);
        QList<int> slgs;
        if (status)
            for (const protocol::ServiceLocationStatus& slg : status->serviceLocations)
                slgs.append(slg.id);
        const qreal height = 56 + std::max<qsizetype>(1, slgs.size()) * (kBoardHeight + kBoardGap) + 10;
        bottom = std::max(bottom, kChassisTop + height);
        const bool live = status.has_value();
        const QColor frame = live ? text : fault;
        auto* chassis =
            s->addRect(left, kChassisTop, chassisW, height, QPen(frame, live ? 1.5 : 2.0),
                       pal.color(QPalette::AlternateBase));
        chassis->setToolTip(device->endpoint().toString());
        addLabel(m_monitors[size_t(side)]->deviceName(), {left + 12, kChassisTop + 8}, text, true,
                 1.25, false, chassisW - 24);
        addLabel(live ? device->endpoint().host
                      : ConnectionStateDisplay::text(device->connectionState()).toLower(),
                 {left + 12, kChassisTop + 32}, live ? muted : fault);
        if (!live) {
            addLabel(tr("status unknown — not connected"), {left + 12, kChassisTop + 62}, fault);
            continue;
        }
        qreal y = kChassisTop + 58;
        for (const protocol::ServiceLocationStatus& slg : status->serviceLocations) {
            const client::SlgHotBackup* h = hb ? hb->find(slg.id) : nullptr;
            const QString role = h && h->board == QLatin1String("down") ? QStringLiteral("down") : slg.state;
            const ColorUtils::Tone tone = ColorUtils::slgRoleTone(role);
            const QString key = QStringLiteral("%1/%2").arg(side).arg(slg.id);
            const bool takingOver = m_takeovers.value(key) > now;
            QPen pen(takingOver ? ColorUtils::foreground(ColorUtils::Tone::Warning) : ColorUtils::foreground(tone),
                     takingOver ? 4 : 1.5);
            auto* board = s->addRect(left + 12, y, chassisW - 24, kBoardHeight, pen,
                                     ColorUtils::background(tone));
            const QString label = tr("SLG %1 · slot %2").arg(slg.id).arg(slg.slot);
            addLabel(label, {left + 22, y + 5}, text, false, 1.0, false, chassisW - 150);
            addLabel(roleText(role), {left + chassisW - 120, y + 5}, ColorUtils::foreground(tone),
                     true, 1.0, false, 76);
            QString detail;
            if (h && h->hasTables)
                detail = tr("%1 sessions · %2 users").arg(h->sessions).arg(h->users);
            if (h && h->receivingBatch && h->batchExpected > 0)
                detail += tr(" · batch %1%").arg(100 * h->batchReceived / h->batchExpected);
            else if (!slg.batchBackupState.isEmpty() && slg.batchBackupState != QLatin1String("NA"))
                detail += QStringLiteral(" · ") + batchText(slg.batchBackupState);
            if (takingOver)
                detail = tr("taking over…");
            addLabel(detail, {left + 22, y + 25}, muted, false, 0.9, false, chassisW - 44);
            board->setToolTip(tr("%1 service-location %2: %3").arg(m_monitors[size_t(side)]->deviceName())
                                  .arg(slg.id)
                                  .arg(roleText(role)));
            m_boardTexts[size_t(side)].append(QStringLiteral("%1 SLG %2 %3")
                                                  .arg(m_monitors[size_t(side)]->deviceName())
                                                  .arg(slg.id)
                                                  .arg(roleText(role)));
            for (const Alarm& a : alarms)
                if (a.side == side && a.serviceLocation == slg.id) {
                    auto* badge = addLabel(QStringLiteral("⚠"), {left + chassisW - 40, y + 4},
                                           fault, true, 1.3);
                    badge->setToolTip(a.text);
                }
            y += kBoardHeight + kBoardGap;
        }
        int alarmLine = 0;
        for (const Alarm& a : alarms)
            if (a.side == side) {
                addLabel(QStringLiteral("⚠ ") + a.text, {left, kChassisTop + height + 6 + alarmLine * 18}, fault,
                         false, 0.85);
                ++alarmLine;
            }
        bottom = std::max(bottom, kChassisTop + height + 6 + alarmLine * 18);
    }

    // The backup channel.
    const auto& channelA = m_monitors[0]->status();
    const auto& channelB = m_monitors[1]->status();
    QString channelState = channelA ? channelA->channel.state : (channelB ? channelB->channel.state : QString());
    ColorUtils::Tone channelTone = ColorUtils::Tone::Neutral;
    if (channelState == QLatin1String("up"))
        channelTone = ColorUtils::Tone::Active;
    else if (channelState == QLatin1String("connecting"))
        channelTone = ColorUtils::Tone::Warning;
    else if (!channelState.isEmpty())
        channelTone = ColorUtils::Tone::Fault;
    const QColor channelColour = ColorUtils::foreground(channelTone);
    const qreal x0 = chassisLeft(0, m_sceneWidth) + chassisWidth(m_sceneWidth);
    const qreal x1 = chassisLeft(1, m_sceneWidth);
    QPen channelPen(channelColour, 3);
    if (channelState != QLatin1String("up"))
        channelPen.setStyle(Qt::DashLine);
    s->addLine(x0, kChannelY, x1, kChannelY, channelPen);
    addLabel(tr("backup channel"), {(x0 + x1) / 2, kChannelY - 42}, muted, false, 0.9, true);
    addLabel(channelText(channelState), {(x0 + x1) / 2, kChannelY - 24}, channelColour, true, 1.0,
             true);
    if (channelA && channelA->channel.configured)
        addLabel(tr("lag %1 ms").arg(double(channelA->channel.lagLastUs) / 1000.0, 0, 'f', 2),
                 {(x0 + x1) / 2, kChannelY + 8}, muted, false, 0.85, true);
    if (m_flowTimer.isActive()) {
        for (int i = 0; i < kFlowDots; ++i) {
            auto* dot = s->addEllipse(-5, -5, 10, 10, Qt::NoPen, channelColour);
            dot->setZValue(2);
            m_flowDots.append(dot);
        }
        advanceFlow();
    }

    // VRRP virtual IPs, over the device that is master of them.
    struct Vip
    {
        QString address;
        int masters = 0;
        int side = -1;
    };
    QMap<int, Vip> vips; // by VRID
    for (int side = 0; side < 2; ++side) {
        const auto& status = m_devices[size_t(side)]->status();
        if (!status)
            continue;
        for (const protocol::VrrpStatus& g : status->vrrpGroups) {
            Vip& vip = vips[g.vrid];
            vip.address = g.virtualIp;
            if (g.state == QLatin1String("Master")) {
                ++vip.masters;
                vip.side = side;
            }
        }
    }
    // Who is master is known only for the devices that are connected: a device out of sight
    // may be master too, and is named as such rather than leaving "no master".
    QStringList unseen;
    for (int side = 0; side < 2; ++side)
        if (!m_devices[size_t(side)]->status())
            unseen.append(m_monitors[size_t(side)]->deviceName());
    const QString sameDevice = DeviceIdentity::sameDevice(*m_devices[0], *m_devices[1]);
    m_vipTexts.clear();
    int index = 0;
    for (auto it = vips.cbegin(); it != vips.cend(); ++it, ++index) {
        const int vrid = it.key();
        // One agent reached through both entries reports its own mastership twice.
        const bool oneDeviceTwice = !sameDevice.isEmpty() && it.value().masters > 1;
        const bool splitBrain = it.value().masters > 1 && !oneDeviceTwice;
        const int side = it.value().masters == 1 ? it.value().side : oneDeviceTwice ? 0 : -1;
        // The last master seen, across a moment with none (the old one gone, the new one not
        // yet master).
        const int previous = m_lastMasterSide.value(vrid, -1);
        m_vipSide[vrid] = side;
        if (side >= 0)
            m_lastMasterSide[vrid] = side;
        // Side by side, never on top of each other (a bubble is at least 170 wide): two
        // locations both master on one chassis show both their addresses.
        const double target =
            vipHomeX(side, m_sceneWidth) + (index - (vips.size() - 1) / 2.0) * 190;
        if (previous >= 0 && previous != side && side >= 0) {
            // A switchover: the address travels from its old owner to its new one. (From no
            // known master — the pair's first status, an election — nothing moves.)
            auto*& animation = m_vipAnimations[vrid];
            if (!animation) {
                animation = new QVariantAnimation(this);
                animation->setDuration(900);
                animation->setEasingCurve(QEasingCurve::InOutCubic);
                connect(animation, &QVariantAnimation::valueChanged, this, [this, vrid](const QVariant& v) {
                    m_vipX[vrid] = v.toDouble();
                    if (!m_rebuilding)
                        rebuild();
                });
            }
            animation->stop();
            animation->setStartValue(m_vipX.value(vrid, target));
            animation->setEndValue(target);
            animation->start();
            if (const auto& status = m_devices[size_t(side)]->status())
                for (const protocol::ServiceLocationStatus& slg : status->serviceLocations)
                    if (slg.vrid == vrid)
                        m_takeovers[QStringLiteral("%1/%2").arg(side).arg(slg.id)] =
                            now.addMSecs(kTakeoverHighlightMs);
        }
        QVariantAnimation* animation = m_vipAnimations.value(vrid);
        if (!animation || animation->state() != QAbstractAnimation::Running)
            m_vipX[vrid] = target;
        const double x = m_vipX.value(vrid, target);
        const ColorUtils::Tone tone = splitBrain ? ColorUtils::Tone::Fault
                                      : side >= 0 && !oneDeviceTwice && unseen.isEmpty()
                                          ? ColorUtils::Tone::Active
                                          : ColorUtils::Tone::Warning;
        const QColor colour = ColorUtils::foreground(tone);
        const QString notConnected = unseen.join(QStringLiteral(", "));
        QString owner;
        if (oneDeviceTwice)
            owner = tr("both entries are the same device (%1)").arg(sameDevice);
        else if (splitBrain)
            owner = tr("SPLIT BRAIN: both master");
        else if (side >= 0 && unseen.isEmpty())
            owner = tr("VRID %1 · master %2").arg(vrid).arg(m_monitors[size_t(side)]->deviceName());
        else if (side >= 0)
            owner = tr("VRID %1 · master %2 · %3 not connected")
                        .arg(vrid)
                        .arg(m_monitors[size_t(side)]->deviceName(), notConnected);
        else if (!unseen.isEmpty())
            owner = tr("VRID %1 · master unknown · %2 not connected").arg(vrid).arg(notConnected);
        else
            owner = tr("VRID %1 · no master").arg(vrid);
        const QString address = tr("VIP %1").arg(it.value().address);
        m_vipTexts.append(address + QLatin1String(" | ") + owner);
        auto* t1 = addLabel(address, {x, 22}, text, true, 1.0, true);
        t1->setZValue(3);
        auto* t2 = addLabel(owner, {x, 44}, colour, false, 0.9, true);
        t2->setZValue(3);
        // The bubble holds its texts whatever their length (and language).
        const qreal half = std::max<qreal>(
            85, std::max(t1->boundingRect().width(), t2->boundingRect().width()) / 2 + 10);
        auto* bubble =
            s->addRect(x - half, 18, 2 * half, 52, QPen(colour, 2), ColorUtils::background(tone));
        bubble->setZValue(1);
        if (side >= 0)
            s->addLine(x, 70, vipHomeX(side, m_sceneWidth), kChassisTop,
                       QPen(colour, 2, Qt::DotLine));
    }
    m_sceneHeight = bottom + 10;
    s->setSceneRect(0, 0, m_sceneWidth, m_sceneHeight);
    fit();
}

void TopologyView::advanceFlow()
{
    if (m_flowDots.isEmpty())
        return;
    m_flowPhase = std::fmod(m_flowPhase + 0.04, 1.0);
    const qreal x0 = chassisLeft(0, m_sceneWidth) + chassisWidth(m_sceneWidth);
    const qreal x1 = chassisLeft(1, m_sceneWidth);
    // Records flow from the device that sends more (the master of most traffic).
    const bool towardsB = m_sentRate[0] >= m_sentRate[1];
    for (int i = 0; i < m_flowDots.size(); ++i) {
        const double t = std::fmod(m_flowPhase + double(i) / double(m_flowDots.size()), 1.0);
        const qreal x = towardsB ? x0 + t * (x1 - x0) : x1 - t * (x1 - x0);
        m_flowDots[i]->setPos(x, kChannelY);
    }
}

} // namespace tandem::gui
