#include "SyncPanel.h"

#include "utils/ColorUtils.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>

namespace tandem::gui {

namespace {

QString count(qint64 n)
{
    return QLocale().toString(n);
}

QString millis(qint64 micros)
{
    return QStringLiteral("%1 ms").arg(double(micros) / 1000.0, 0, 'f', micros < 10000 ? 2 : 1);
}

ColorUtils::Tone channelTone(const QString& state)
{
    if (state == QLatin1String("up"))
        return ColorUtils::Tone::Active;
    if (state == QLatin1String("connecting"))
        return ColorUtils::Tone::Warning;
    if (state.isEmpty())
        return ColorUtils::Tone::Neutral;
    return ColorUtils::Tone::Fault;
}

} // namespace

SyncPanel::SyncPanel(const client::HotBackupMonitor* deviceA,
                     const client::HotBackupMonitor* deviceB, QWidget* parent)
    : QGroupBox(tr("Backup channel and sync"), parent), m_monitors{deviceA, deviceB}
{
    const QString titles[FieldCount] = {
        tr("Channel"),  tr("Lag (last / p99)"), tr("Queue"),       tr("Sent"),    tr("Received"),
        tr("Acked"),    tr("In flight"),        tr("Voided"),      tr("Retried"), tr("Missed"),
        tr("Rejected"), tr("Digests"),          tr("Batch backup")};
    const QString tips[FieldCount] = {
        {},
        tr("Real-time backup: from a record's enqueue to the peer's ack"),
        tr("Records waiting: not sent yet, or sent and not acked"),
        tr("Records written to the connection, real-time and batch (a retry counts again). "
           "Sent = acked + in flight + voided"),
        tr("Records accepted from the peer"),
        tr("Records the peer acknowledged"),
        tr("Records written and not acked yet"),
        tr("Records written on a connection that closed before the peer acked them: batch "
           "records are void (a new batch follows), real-time ones go again (retried)"),
        tr("Real-time records sent again on a new connection"),
        tr("Records the full queue refused (their entries go to the backlog)"),
        tr("Frames the decoder or the handshake refused"),
        tr("Digest comparisons of the tables, and how many found them different"),
        {}};
    auto* grid = new QGridLayout(this);
    grid->setHorizontalSpacing(14);
    grid->setVerticalSpacing(3);
    for (int side = 0; side < 2; ++side) {
        auto* name = new QLabel(m_monitors[size_t(side)]->deviceName(), this);
        QFont bold = name->font();
        bold.setBold(true);
        name->setFont(bold);
        grid->addWidget(name, 0, 1 + side);
    }
    for (int f = 0; f < FieldCount; ++f) {
        auto* title = new QLabel(titles[f], this);
        title->setToolTip(tips[f]);
        grid->addWidget(title, 1 + f, 0);
        for (int side = 0; side < 2; ++side) {
            auto* value = new QLabel(this);
            value->setObjectName(QStringLiteral("sync%1_%2").arg(side).arg(f));
            value->setTextInteractionFlags(Qt::TextSelectableByMouse);
            m_values[size_t(side)][size_t(f)] = value;
            if (f == Batch) {
                auto* box = new QVBoxLayout;
                box->setSpacing(2);
                auto* bar = new QProgressBar(this);
                bar->setRange(0, 1000);
                bar->setTextVisible(false);
                bar->setMaximumHeight(8);
                m_batchBars[size_t(side)] = bar;
                box->addWidget(value);
                box->addWidget(bar);
                grid->addLayout(box, 1 + f, 1 + side);
            } else {
                grid->addWidget(value, 1 + f, 1 + side);
            }
        }
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 1);
    grid->setRowStretch(FieldCount + 1, 1);
    for (int side = 0; side < 2; ++side) {
        connect(m_monitors[size_t(side)], &client::HotBackupMonitor::statusChanged, this,
                [this, side] { refresh(side); });
        connect(m_monitors[size_t(side)], &client::HotBackupMonitor::sampled, this,
                [this, side] { refresh(side); });
        refresh(side);
    }
}

QString SyncPanel::fieldText(int side, Field field) const
{
    return m_values[size_t(side)][size_t(field)]->text();
}

void SyncPanel::changeEvent(QEvent* event)
{
    QGroupBox::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        refresh(0);
        refresh(1);
    }
}

void SyncPanel::refresh(int side)
{
    const client::HotBackupMonitor* monitor = m_monitors[size_t(side)];
    auto& values = m_values[size_t(side)];
    QProgressBar* bar = m_batchBars[size_t(side)];
    const auto& status = monitor->status();
    if (!status) {
        for (QLabel* value : values)
            value->setText(QStringLiteral("—"));
        values[Channel]->setText(tr("not connected"));
        values[Channel]->setStyleSheet({});
        bar->setValue(0);
        bar->setEnabled(false);
        return;
    }
    const client::BackupChannelStatus& c = status->channel;
    QLabel* channel = values[Channel];
    if (c.state.isEmpty()) {
        channel->setText(tr("not configured"));
    } else if (c.peerDevice.isEmpty()) {
        channel->setText(tr("%1 · peer %2").arg(c.state, c.peer.isEmpty() ? QStringLiteral("?") : c.peer));
    } else {
        channel->setText(tr("%1 · peer %2 (%3)").arg(c.state, c.peerDevice, c.peer));
    }
    // Refreshed at the telemetry rate: a style sheet set again re-polishes the label.
    const QString style = QStringLiteral("color: %1; font-weight: bold;")
                              .arg(ColorUtils::foreground(channelTone(c.state)).name());
    if (channel->styleSheet() != style)
        channel->setStyleSheet(style);
    values[Lag]->setText(c.configured ? tr("%1 / %2").arg(millis(c.lagLastUs), millis(c.lagP99Us))
                                      : QStringLiteral("—"));
    values[Queue]->setText(count(c.queueDepth));
    values[Sent]->setText(count(c.sent));
    values[Received]->setText(count(c.received));
    values[Acked]->setText(count(c.acked));
    values[InFlight]->setText(count(c.inFlight));
    values[Voided]->setText(count(c.voided));
    values[Retried]->setText(count(c.retried));
    values[Missed]->setText(count(c.missed));
    values[Rejected]->setText(count(c.rejected));
    values[Digests]->setText(
        tr("%1 checked, %2 differed").arg(count(status->sync.digestChecks), count(status->sync.digestMismatches)));

    // The batch being received, if any; otherwise each SLG's batch state.
    QStringList parts;
    qint64 received = 0;
    qint64 expected = 0;
    for (const client::SlgHotBackup& s : status->serviceLocations) {
        if (s.receivingBatch) {
            received += s.batchReceived;
            expected += s.batchExpected;
            const double rate = monitor->batchRate(s.id);
            QString part = tr("SLG %1: %2 of %3").arg(s.id).arg(count(s.batchReceived), count(s.batchExpected));
            if (rate > 0) {
                const double eta = double(s.batchExpected - s.batchReceived) / rate;
                part += tr(" · %1 rec/s · ETA %2 s").arg(count(qint64(rate))).arg(eta, 0, 'f', 1);
            }
            parts.append(part);
        } else {
            parts.append(tr("SLG %1: %2").arg(s.id).arg(s.batchBackupState));
        }
    }
    values[Batch]->setText(parts.isEmpty() ? QStringLiteral("—") : parts.join(QLatin1Char('\n')));
    bar->setEnabled(expected > 0);
    bar->setValue(expected > 0 ? int(1000 * received / expected) : 0);
}

} // namespace tandem::gui
