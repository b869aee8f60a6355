#pragma once

// The panel above a pair's tables for one device: its name, where it is, whether Tandem is
// connected to it (or why not), how fresh the shown status is, and its roles at a glance.

#include "client/DeviceMonitor.h"

#include <QElapsedTimer>
#include <QFrame>
#include <QTimer>

class QLabel;

namespace tandem::gui {

class DeviceHeader final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeviceHeader)

public:
    // The monitor must be started (its endpoint set) and outlive the header.
    explicit DeviceHeader(const client::DeviceMonitor* device, QWidget* parent = nullptr);

    QString connectionText() const;
    QString detailText() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void onConnectionStateChanged();
    void onStatusChanged();
    void refreshTimes();
    void refreshColors();
    QString roleSummary() const;

    const client::DeviceMonitor* m_device;
    QLabel* m_icon;
    QLabel* m_name;
    QLabel* m_address;
    QLabel* m_state;
    QLabel* m_freshness;
    QLabel* m_detail;
    QElapsedTimer m_sinceUpdate;
    QTimer m_freshnessTimer; // redraws the ages shown; the status itself is pushed
};

} // namespace tandem::gui
