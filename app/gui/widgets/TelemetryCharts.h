#pragma once

// Three rolling charts of a pair: sessions served per device, backup-channel records per
// second, and the real-time backup lag. Drag a rectangle to zoom, right-click to zoom out;
// Pause freezes the picture while samples keep being collected.

#include "client/HotBackupMonitor.h"

#include <QWidget>
#include <array>

class QChart;
class QChartView;
class QCheckBox;
class QDateTimeAxis;
class QLineSeries;
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
    void rescale();
    void applyTheme();

    std::array<const client::HotBackupMonitor*, 2> m_monitors;
    std::array<QChartView*, ChartCount> m_views{};
    std::array<std::array<QLineSeries*, 2>, ChartCount> m_series{};
    std::array<QDateTimeAxis*, ChartCount> m_timeAxes{};
    std::array<QValueAxis*, ChartCount> m_valueAxes{};
    QCheckBox* m_pause = nullptr;
};

} // namespace tandem::gui
