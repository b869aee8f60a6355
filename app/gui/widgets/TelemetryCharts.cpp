#include "TelemetryCharts.h"

#include "utils/ColorUtils.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QPushButton>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

namespace tandem::gui {

TelemetryCharts::TelemetryCharts(const client::HotBackupMonitor* deviceA,
                                 const client::HotBackupMonitor* deviceB, QWidget* parent)
    : QWidget(parent), m_monitors{deviceA, deviceB}
{
    const QString titles[ChartCount] = {tr("Sessions served"), tr("Sync records/s"),
                                        tr("Backup lag (ms)")};
    auto* charts = new QHBoxLayout;
    charts->setSpacing(4);
    for (int c = 0; c < ChartCount; ++c) {
        auto* chart = new QChart;
        chart->setTitle(titles[c]);
        chart->legend()->setAlignment(Qt::AlignBottom);
        chart->setMargins(QMargins(2, 2, 2, 2));
        auto* time = new QDateTimeAxis;
        time->setFormat(QStringLiteral("HH:mm:ss"));
        time->setTickCount(3);
        auto* value = new QValueAxis;
        value->setLabelFormat(c == LagChart ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
        value->setTickCount(3);
        chart->addAxis(time, Qt::AlignBottom);
        chart->addAxis(value, Qt::AlignLeft);
        for (int side = 0; side < 2; ++side) {
            auto* series = new QLineSeries;
            series->setName(m_monitors[size_t(side)]->deviceName());
            chart->addSeries(series);
            series->attachAxis(time);
            series->attachAxis(value);
            m_series[size_t(c)][size_t(side)] = series;
        }
        m_timeAxes[size_t(c)] = time;
        m_valueAxes[size_t(c)] = value;
        auto* view = new QChartView(chart, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setRubberBand(QChartView::RectangleRubberBand);
        view->setMinimumHeight(200);
        m_views[size_t(c)] = view;
        charts->addWidget(view, 1);
    }

    m_pause = new QCheckBox(tr("&Pause"), this);
    m_pause->setToolTip(tr("Freeze the charts; samples are still collected"));
    auto* reset = new QPushButton(tr("Reset zoom"), this);
    connect(m_pause, &QCheckBox::toggled, this, [this](bool paused) {
        if (!paused)
            rescale();
    });
    connect(reset, &QPushButton::clicked, this, [this] {
        for (QChartView* view : m_views)
            view->chart()->zoomReset();
        rescale();
    });
    auto* controls = new QHBoxLayout;
    controls->addWidget(m_pause);
    controls->addWidget(reset);
    controls->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(charts, 1);
    layout->addLayout(controls);

    for (int side = 0; side < 2; ++side)
        connect(m_monitors[size_t(side)], &client::HotBackupMonitor::sampled, this,
                [this, side](const client::HotBackupMonitor::Sample& sample) { addSample(side, sample); });
    m_redraw = new QTimer(this);
    m_redraw->setSingleShot(true);
    m_redraw->setInterval(kRedrawMs);
    connect(m_redraw, &QTimer::timeout, this, &TelemetryCharts::flush);
    applyTheme();
    rescale();
}

bool TelemetryCharts::isPaused() const
{
    return m_pause->isChecked();
}

void TelemetryCharts::setPaused(bool paused)
{
    m_pause->setChecked(paused);
}

int TelemetryCharts::pointCount(Chart chart, int side) const
{
    return int(m_series[size_t(chart)][size_t(side)]->count() + m_pending[size_t(side)].size());
}

void TelemetryCharts::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

void TelemetryCharts::addSample(int side, const client::HotBackupMonitor::Sample& sample)
{
    m_pending[size_t(side)].append(sample);
    if (!m_redraw->isActive())
        m_redraw->start();
}

void TelemetryCharts::flush()
{
    for (int side = 0; side < 2; ++side) {
        const QList<client::HotBackupMonitor::Sample> samples = std::exchange(m_pending[size_t(side)], {});
        if (samples.isEmpty())
            continue;
        const qint64 oldest = samples.last().atMsecsSinceEpoch - qint64(kWindowSeconds) * 1000;
        for (int c = 0; c < ChartCount; ++c) {
            QList<QPointF> points;
            points.reserve(samples.size());
            for (const auto& sample : samples) {
                const double values[ChartCount] = {double(sample.servedSessions),
                                                   sample.syncRecordsPerSecond, sample.lagMs};
                points.append(QPointF(double(sample.atMsecsSinceEpoch), values[c]));
            }
            QLineSeries* series = m_series[size_t(c)][size_t(side)];
            series->append(points);
            int drop = 0;
            while (drop < series->count() && series->at(drop).x() < double(oldest))
                ++drop;
            if (drop > 0)
                series->removePoints(0, drop);
        }
    }
    if (!isPaused())
        rescale();
}

void TelemetryCharts::rescale()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int c = 0; c < ChartCount; ++c) {
        // A zoomed chart keeps its zoom until Reset zoom.
        if (m_views[size_t(c)]->chart()->isZoomed())
            continue;
        double top = 0;
        double first = double(now);
        for (QLineSeries* series : m_series[size_t(c)]) {
            const int count = int(series->count());
            for (int i = 0; i < count; ++i)
                top = std::max(top, series->at(i).y());
            if (count > 0)
                first = std::min(first, series->at(0).x());
        }
        // Until the window is full it spans what was collected (at least a minute), so a
        // fresh chart is not a sliver at its right edge.
        const qint64 start = std::max(now - qint64(kWindowSeconds) * 1000,
                                      std::min(qint64(first), now - qint64(60000)));
        m_timeAxes[size_t(c)]->setRange(QDateTime::fromMSecsSinceEpoch(start),
                                        QDateTime::fromMSecsSinceEpoch(now));
        m_valueAxes[size_t(c)]->setRange(0, top > 0 ? top * 1.15 : 1.0);
    }
}

void TelemetryCharts::applyTheme()
{
    const QPalette palette = QApplication::palette();
    const QColor sideColors[2] = {ColorUtils::seriesColor(0), ColorUtils::seriesColor(1)};
    for (int c = 0; c < ChartCount; ++c) {
        QChart* chart = m_views[size_t(c)]->chart();
        chart->setBackgroundBrush(palette.color(QPalette::Base));
        chart->setTitleBrush(palette.color(QPalette::Text));
        chart->legend()->setLabelColor(palette.color(QPalette::Text));
        for (QAbstractAxis* axis : chart->axes()) {
            axis->setLabelsColor(palette.color(QPalette::Text));
            axis->setGridLineColor(ColorUtils::blend(palette.color(QPalette::Text),
                                                     palette.color(QPalette::Base), 0.15));
        }
        for (int side = 0; side < 2; ++side) {
            QPen pen(sideColors[side]);
            pen.setWidthF(2);
            // The second device is also dashed: the curves differ without colour.
            if (side == 1)
                pen.setStyle(Qt::DashLine);
            m_series[size_t(c)][size_t(side)]->setPen(pen);
        }
    }
}

} // namespace tandem::gui
