#pragma once

// Three rolling charts of a pair: sessions served per device, backup-channel records per
// second, and the real-time backup lag. Drag a rectangle to zoom, right-click to zoom out;
// Pause freezes the picture while samples keep being collected. Samples arrive at the
// telemetry rate (10 Hz) and are drawn together kRedrawMs apart: painting, not data, is what
// costs CPU.

#include "client/HotBackupMonitor.h"

#include <QWidget>
#include <array>

class QChart;
class QChartView;
class QCheckBox;
class QDateTimeAxis;
class QLineSeries;
class QTimer;
class QValueAxis;

namespace tandem::gui {

class TelemetryCharts final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TelemetryCharts)

public:
    enum Chart
    {
        SessionsChart,
        SyncRateChart,
        LagChart,
        ChartCount
    };
    static constexpr int kWindowSeconds = 300;
    static constexpr int kRedrawMs = 500;

    TelemetryCharts(const client::HotBackupMonitor* deviceA,
                    const client::HotBackupMonitor* deviceB, QWidget* parent = nullptr);

    bool isPaused() const;
    void setPaused(bool paused);
    int pointCount(Chart chart, int side) const;
    QChartView* chartView(Chart chart) const { return m_views[size_t(chart)]; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void addSample(int side, const client::HotBackupMonitor::Sample& sample);
    void flush();
    void rescale();
    void applyTheme();

    std::array<const client::HotBackupMonitor*, 2> m_monitors;
    std::array<QChartView*, ChartCount> m_views{};
    std::array<std::array<QLineSeries*, 2>, ChartCount> m_series{};
    std::array<QDateTimeAxis*, ChartCount> m_timeAxes{};
    std::array<QValueAxis*, ChartCount> m_valueAxes{};
    QCheckBox* m_pause = nullptr;
    std::array<QList<client::HotBackupMonitor::Sample>, 2> m_pending;
    QTimer* m_redraw = nullptr;
};

} // namespace tandem::gui
