#include "DeviceHeader.h"

#include "utils/ColorUtils.h"
#include "utils/ConnectionStateDisplay.h"

#include <QDateTime>
#include <QEvent>
#include <QFontInfo>
#include <QGridLayout>
#include <QLabel>

namespace tandem::gui {

using client::AgentClient;

namespace {

constexpr int kIconSize = 20;

QString formatDuration(qint64 msecs)
{
    const qint64 seconds = msecs / 1000;
    QString text;
    if (seconds < 60)
        text = DeviceHeader::tr("%1 s").arg(seconds);
    else if (seconds < 3600)
        text = DeviceHeader::tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    else if (seconds < 86400)
        text = DeviceHeader::tr("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
    else
        text = DeviceHeader::tr("%1 d %2 h").arg(seconds / 86400).arg(seconds % 86400 / 3600);
    // A wrapped header breaks before the duration, never inside it.
    return text.replace(QLatin1Char(' '), QChar::Nbsp);
}

} // namespace

DeviceHeader::DeviceHeader(const client::DeviceMonitor* device, QWidget* parent)
    : QFrame(parent), m_device(device), m_icon(new QLabel(this)), m_name(new QLabel(this)),
      m_address(new QLabel(this)), m_state(new QLabel(this)), m_freshness(new QLabel(this)),
      m_detail(new QLabel(this))
{
    setFrameShape(QFrame::StyledPanel);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    QFont nameFont = m_name->font();
    nameFont.setBold(true);
    nameFont.setPointSizeF(QFontInfo(nameFont).pointSizeF() * 1.25);
    m_name->setFont(nameFont);
    m_name->setText(m_device->endpoint().name);
    QFont stateFont = m_state->font();
    stateFont.setBold(true);
    m_state->setFont(stateFont);
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Wraps in a narrow window instead of pushing the other device's header out of sight.
    m_address->setWordWrap(true);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setHorizontalSpacing(10);
    layout->setVerticalSpacing(2);
    layout->addWidget(m_icon, 0, 0, 2, 1, Qt::AlignTop);
    layout->addWidget(m_name, 0, 1);
    layout->addWidget(m_state, 0, 2, Qt::AlignRight);
    layout->addWidget(m_address, 1, 1);
    layout->addWidget(m_freshness, 1, 2, Qt::AlignRight);
    layout->addWidget(m_detail, 2, 1, 1, 2);
    layout->setColumnStretch(1, 1);

    m_freshnessTimer.setInterval(1000);
    connect(&m_freshnessTimer, &QTimer::timeout, this, &DeviceHeader::refreshTimes);
    connect(m_device, &client::DeviceMonitor::connectionStateChanged, this,
            &DeviceHeader::onConnectionStateChanged);
    connect(m_device, &client::DeviceMonitor::statusChanged, this, &DeviceHeader::onStatusChanged);
    onConnectionStateChanged();
    onStatusChanged();
}

QString DeviceHeader::connectionText() const
{
    return m_state->text();
}

QString DeviceHeader::detailText() const
{
    return m_detail->text();
}

void DeviceHeader::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        refreshColors();
}

void DeviceHeader::onConnectionStateChanged()
{
    const AgentClient::State state = m_device->connectionState();
    m_state->setText(ConnectionStateDisplay::text(state));
    m_icon->setPixmap(ConnectionStateDisplay::icon(state).pixmap(kIconSize, kIconSize));
    refreshColors();
    onStatusChanged();
}

void DeviceHeader::onStatusChanged()
{
    if (m_device->status()) {
        m_sinceUpdate.start();
        m_freshnessTimer.start();
        m_detail->setText(roleSummary());
    } else {
        m_sinceUpdate.invalidate();
        m_freshnessTimer.stop();
        const QString error = m_device->lastError();
        if (m_device->connectionState() == AgentClient::State::Connected)
            m_detail->setText(tr("Waiting for the device's status…"));
        else
            m_detail->setText(error.isEmpty() ? tr("No live status")
                                              : tr("No live status: %1").arg(error));
    }
    refreshTimes();
}

void DeviceHeader::refreshTimes()
{
    const auto& status = m_device->status();
    QString address = m_device->endpoint().toString();
    if (status && status->bootMsecsSinceEpoch > 0)
        address = tr("%1 · agent up %2")
                      .arg(address, formatDuration(QDateTime::currentMSecsSinceEpoch() -
                                                   status->bootMsecsSinceEpoch));
    m_address->setText(address);

    if (!m_sinceUpdate.isValid()) {
        m_freshness->clear();
        return;
    }
    const qint64 age = m_sinceUpdate.elapsed();
    m_freshness->setText(age < 1000 ? tr("live · changed just now")
                                    : tr("live · changed %1 ago").arg(formatDuration(age)));
}

void DeviceHeader::refreshColors()
{
    QPalette palette = m_state->palette();
    palette.setColor(QPalette::WindowText, ColorUtils::foreground(ColorUtils::connectionTone(
                                               m_device->connectionState())));
    m_state->setPalette(palette);
    QPalette muted = m_freshness->palette();
    muted.setColor(QPalette::WindowText, ColorUtils::foreground(ColorUtils::Tone::Neutral));
    m_freshness->setPalette(muted);
    m_address->setPalette(muted);
}

QString DeviceHeader::roleSummary() const
{
    QStringList masters;
    QStringList slaves;
    QStringList down;
    for (const protocol::ServiceLocationStatus& slg : m_device->status()->serviceLocations) {
        const QString id = QString::number(slg.id);
        if (slg.state == QLatin1String("master"))
            masters.append(id);
        else if (slg.state == QLatin1String("slave"))
            slaves.append(id);
        else
            down.append(id);
    }
    const QString none = tr("none");
    const QString separator = QStringLiteral(", ");
    QString summary = tr("SLG master: %1 · slave: %2")
                          .arg(masters.isEmpty() ? none : masters.join(separator),
                               slaves.isEmpty() ? none : slaves.join(separator));
    if (!down.isEmpty())
        summary += tr(" · down: %1").arg(down.join(separator));
    return summary;
}

} // namespace tandem::gui
