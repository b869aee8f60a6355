#include "FailoverTimeline.h"

#include "models/SwitchoverModel.h"
#include "utils/ColorUtils.h"

#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace tandem::gui {

namespace {

constexpr int kMargin = 16;
constexpr int kRowHeight = 30;
constexpr int kLabelWidth = 190;

} // namespace

FailoverTimeline::FailoverTimeline(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void FailoverTimeline::setRecord(const std::optional<client::SwitchoverRecord>& record)
{
    m_record = record;
    updateGeometry();
    update();
}

QSize FailoverTimeline::sizeHint() const
{
    return {640, 2 * kMargin + 4 * fontMetrics().height() + 4 * kRowHeight + 40};
}

QSize FailoverTimeline::minimumSizeHint() const
{
    return {420, sizeHint().height()};
}

QList<FailoverTimeline::Phase> FailoverTimeline::phases() const
{
    QList<Phase> result;
    if (!m_record)
        return result;
    const client::SwitchoverRecord& r = *m_record;
    qint64 start = 0;
    if (r.detectionMs >= 0) {
        const QString detection =
            r.cause == client::SwitchoverCause::MasterResigned ? tr("Detection (master resigned)")
            : r.cause == client::SwitchoverCause::Preempted    ? tr("Detection (preempt delay)")
                                                            : tr("Detection (old master silent)");
        result.append({detection, 0, r.detectionMs, int(ColorUtils::Tone::Fault)});
        start = r.detectionMs;
    }
    result.append({tr("Decision → tables active"), start, std::max<qint64>(0, r.tablesActiveMs - r.decisionMs),
                   int(ColorUtils::Tone::Warning)});
    start += std::max<qint64>(0, r.tablesActiveMs - r.decisionMs);
    result.append({tr("Tables active → first advert"), start,
                   std::max<qint64>(0, r.firstAdvertMs - r.tablesActiveMs), int(ColorUtils::Tone::Active)});
    return result;
}

QString FailoverTimeline::accountingText() const
{
    if (!m_record || m_record->sessionsOnOldMaster < 0)
        return {};
    const client::SwitchoverRecord& r = *m_record;
    QString text = tr("Old master last served %1").arg(QLocale().toString(r.sessionsOnOldMaster));
    if (r.notBackedUpOnOldMaster >= 0)
        text += tr(": %1 younger than delay-time, not backed up by design; %2 in its backlog, lost")
                    .arg(QLocale().toString(r.notBackedUpOnOldMaster),
                         QLocale().toString(std::max<qint64>(0, r.backlogOnOldMaster)));
    return text;
}

QStringList FailoverTimeline::phaseTexts() const
{
    QStringList texts;
    for (const Phase& p : phases())
        texts.append(tr("%1 %2 ms").arg(p.name).arg(p.durationMs));
    return texts;
}

void FailoverTimeline::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    painter.fillRect(rect(), pal.color(QPalette::Base));
    const QColor text = pal.color(QPalette::Text);
    const QColor muted = ColorUtils::blend(text, pal.color(QPalette::Base), 0.6);
    painter.setPen(text);
    if (!m_record) {
        painter.setPen(muted);
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("No switchover recorded yet.\nA switchover of this pair — manual, "
                            "drill or real — appears here with each phase and its duration."));
        return;
    }
    const client::SwitchoverRecord& r = *m_record;
    const QFontMetrics fm = fontMetrics();
    int y = kMargin;
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    const QString move = r.fromDevice.isEmpty()
                             ? tr("service-location %1 became master on %2").arg(r.serviceLocation).arg(r.device)
                             : tr("service-location %1 moved from %2 to %3")
                                   .arg(r.serviceLocation)
                                   .arg(r.fromDevice, r.device);
    painter.drawText(kMargin, y + fm.ascent(), move);
    y += fm.height() + 2;
    painter.setFont(font());
    painter.setPen(muted);
    painter.drawText(kMargin, y + fm.ascent(),
                     tr("%1 · %2 · total %3 ms")
                         .arg(QDateTime::fromMSecsSinceEpoch(r.decisionMs)
                                  .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                              SwitchoverModel::causeText(r).isEmpty()
                                  ? QStringLiteral("—")
                                  : SwitchoverModel::causeText(r))
                         .arg(r.totalMs()));
    y += fm.height() + 2;
    QString sessions =
        tr("Sessions: %1 in the standby copy at the decision → %2 live once active")
            .arg(QLocale().toString(r.sessionsBefore), QLocale().toString(r.sessionsAfter));
    painter.drawText(kMargin, y + fm.ascent(), sessions);
    y += fm.height() + 2;
    if (const QString accounting = accountingText(); !accounting.isEmpty()) {
        painter.drawText(kMargin, y + fm.ascent(), accounting);
        y += fm.height() + 2;
    }
    y += 10;

    const QList<Phase> list = phases();
    qint64 total = 0;
    for (const Phase& p : list)
        total = std::max(total, p.startMs + p.durationMs);
    total = std::max<qint64>(total, 1);
    const int barLeft = kMargin + kLabelWidth;
    const int barWidth = std::max(60, width() - barLeft - kMargin - 70);
    auto xOf = [&](qint64 ms) { return barLeft + int(double(ms) / double(total) * barWidth); };

    for (const Phase& p : list) {
        painter.setPen(text);
        painter.drawText(QRect(kMargin, y, kLabelWidth - 8, kRowHeight), Qt::AlignVCenter | Qt::AlignLeft,
                         fm.elidedText(p.name, Qt::ElideRight, kLabelWidth - 8));
        const QColor colour = ColorUtils::foreground(ColorUtils::Tone(p.tone));
        // A phase too short to see still gets a sliver, so no phase is invisible.
        const int x0 = xOf(p.startMs);
        const int w = std::max(3, xOf(p.startMs + p.durationMs) - x0);
        const QRect bar(x0, y + 5, w, kRowHeight - 10);
        painter.setPen(Qt::NoPen);
        painter.setBrush(ColorUtils::background(ColorUtils::Tone(p.tone)));
        painter.drawRoundedRect(bar, 3, 3);
        painter.setPen(QPen(colour, 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(bar, 3, 3);
        painter.setPen(colour);
        const QString label = p.name.startsWith(tr("Detection")) ? tr("≤ %1 ms").arg(p.durationMs)
                                                                 : tr("%1 ms").arg(p.durationMs);
        painter.drawText(bar.right() + 6, y + (kRowHeight + fm.ascent() - fm.descent()) / 2, label);
        y += kRowHeight;
    }
    // Time axis with a handful of round ticks.
    painter.setPen(muted);
    painter.drawLine(barLeft, y + 2, barLeft + barWidth, y + 2);
    const double rawStep = double(total) / 5.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(rawStep, 1.0))));
    double step = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= rawStep) {
            step = m * magnitude;
            break;
        }
    for (double t = 0; t <= double(total) + 0.5; t += step) {
        const int x = xOf(qint64(t));
        painter.drawLine(x, y, x, y + 6);
        const QString tick = tr("%1 ms").arg(qint64(t));
        painter.drawText(x - fm.horizontalAdvance(tick) / 2, y + 8 + fm.ascent(), tick);
    }
    y += 8 + fm.height() + 6;
    painter.setPen(text);
    painter.drawText(kMargin, y + fm.ascent(),
                     tr("Decision → first advert as master: %1 ms (tables were active before the "
                        "advert: %2)")
                         .arg(r.firstAdvertMs - r.decisionMs)
                         .arg(r.tablesActiveMs <= r.firstAdvertMs ? tr("yes") : tr("NO")));
}

} // namespace tandem::gui
