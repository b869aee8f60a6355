<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ConnectionStateDisplay</name>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authenticating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the pair did not show live status within %1 s (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monitor and manage HA pairs of carrier-grade NAT devices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the lab pair described by DIR/lab.json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Once both devices show live status, save a picture of the window to FILE and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--screenshot needs --lab DIR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reopen the last lab: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::DeviceHeader</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the device&apos;s status…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No live status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No live status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · agent up %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live · changed just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live · changed %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLG master: %1 · slave: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · down: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Lab…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the pair of a lab directory (one that holds lab.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Tandem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pair open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a lab pair: File → Open lab…, or run &lt;code&gt;tandemctl lab up --dir DIR&lt;/code&gt; and then &lt;code&gt;tandem --lab DIR&lt;/code&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Lab…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Lab — choose the directory that holds lab.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Tandem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tandem %1&lt;/h3&gt;&lt;p&gt;Monitors and manages HA pairs of carrier-grade NAT devices (inter-chassis hot backup): service-location groups and their VRRP groups, live from each device&apos;s tandem-agent.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tandem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No lab open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::PairView</name>
    <message>
        <source>Service locations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRRP groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::ServiceLocationModel</name>
    <message>
        <source>SLG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRRP interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 VRRP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service-location group id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role of the service-location on %1 (display service-location)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device that is master of the service-location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VRRP group the service-location follows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual IP address of that VRRP group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRRP state on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PriorityRun / PriorityConfig on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both devices claim master of SLG %1: split brain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not known while a device is not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not connected: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no service-location %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 on slot %3, remote backup over %4 to peer %5, batch backup %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no VRRP group %2 on %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 runs with priority %2 instead of the configured %3 (tracking)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: VRRP %2, master %3 (priority %4)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::VrrpGroupModel</name>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Master IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PriorityRun</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PriorityConfig</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effective priority, after tracking reductions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configured priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preempt mode and delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advertisement interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last state change of the group and why it happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YES, delay %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not connected: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Master priority %1; local address %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advertisement every %1 ms; master down after %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
