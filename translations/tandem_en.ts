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
    <name>ModePicture</name>
    <message>
        <source>M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B</source>
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
        <source>With --screenshot: keep the pair live this many seconds first (charts fill, failovers happen).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the lab pair described by DIR/lab.json (again for more pairs: one tab each).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the inventory of FILE (an inventory.json) instead of your own; it is not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --screenshot: picture the Add Pair dialog instead of the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reopen %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --screenshot: the window&apos;s size, WIDTHxHEIGHT (default: as it opens on this screen).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the dark palette for this run (View → Appearance chooses it for good).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--screenshot-size needs WIDTHxHEIGHT, such as 1024x700, not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this tab of the pair first: dashboard, failovers, tables, config or changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--tab must be dashboard, failovers, tables, config or changes, not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::AddressPoolModel</name>
    <message>
        <source>Public address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocks used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subnet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::BackupChannelPage</name>
    <message>
        <source>Backup channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link the sessions are copied over. Each device&apos;s peer is the other column: what you type for one is what the other connects to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uplink (tracked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remote backup service (both devices)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8-16 characters; empty: none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::BatchBackupPage</name>
    <message>
        <source>Repeat periodically (timer-interval)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A batch backup copies the master&apos;s whole session table to the backup, so a backup that restarted or lost the channel catches up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch backup when the channel comes up (batch-backup service-type nat enable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without an interval a batch runs only when the channel comes up; a periodic one repairs what incremental backup missed, at the cost of channel bandwidth while it runs.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::CgnTablesView</name>
    <message>
        <source>◀ &amp;Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLG </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPE address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows a page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the agent again with these filters (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected rows (Ctrl+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the rows of this page as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address pools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inside port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a device and service-location, then Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n address(es)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Page %1 · %2 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> matching the filter · %1 in the table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · more on the next page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export this page as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · the blocks of %1 users a page · %2 users in the table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not connected: the rows shown are from %2, they are read again when it is back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subnets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not compared with the peer recently</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the peer holds the same</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the peer&apos;s subnets DIFFER</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1%2: %n subnet(s), %3 addresses free, %4</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source> (slave)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No load-balanced pool (nat-instance subnet length) on %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::ConfigEditor</name>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;iff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Validate on device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit c&amp;onfirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Con&amp;firm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rollback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the running configuration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (fix: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The candidate equals the running configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No object changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objects changed:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No object summary: the candidate does not parse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device accepts the candidate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device refuses the candidate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the config editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Committed as #%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit #%1 rolls back in %2 s unless confirmed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit #%1 confirmed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 %2 by %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (running)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolled back: #%1 runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollback failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit #%1: the confirm deadline passed; asking the device…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit #%1: the device did not say whether it rolled back: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit #%1 is still pending on the device after its deadline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit #%1 was confirmed (not from here).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit #%1 was not confirmed: the device rolled it back; #%2 runs.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::DeviceDialog</name>
    <message>
        <source>Device A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Berlin CGN pair 1 (default: the device names)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (top level)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>site, rack, contract… — the filter searches it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;escription:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS (agent port)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH (tandem subsystem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ssh-agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none yet: asked at first connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget Pin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>management address or host name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transport:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH private key for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read from lab.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH password, if the device also wants one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: keep the saved one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept in the keychain, never in a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use after the device was reinstalled: the next connect shows its new %1 for you to accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: enter the device&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: enter the host (management address or host name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not an IP address or host name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the port must be a number from 1 to 65535</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: enter the user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: choose the SSH key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the two devices need different names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Pair — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the passwords in the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passwords were not saved. %1.
Save the pair without them: Tandem keeps them in memory until it quits and asks for them at the next connect after that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Without Passwords</source>
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
    <name>tandem::gui::EventLogDock</name>
    <message>
        <source>Event Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::EventLogModel</name>
    <message>
        <source>Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not acknowledged (Pair → Acknowledge Alarms)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::FailoverPanel</name>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the selected switchover as a PNG timeline and JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded switchovers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No switchover is selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export switchover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::FailoverTimeline</name>
    <message>
        <source>Detection (old master silent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision → tables active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables active → first advert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No switchover recorded yet.
A switchover of this pair — manual, drill or real — appears here with each phase and its duration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service-location %1 became master on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service-location %1 moved from %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions: %1 in the standby copy at the decision → %2 live once active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≤ %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision → first advert as master: %1 ms (tables were active before the advert: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detection (master resigned)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detection (preempt delay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Old master last served %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>: %1 younger than delay-time, not backed up by design; %2 in its backlog, lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · total %3 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::FingerprintDialog</name>
    <message>
        <source>SSH host key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2) presents a %3 Tandem has not seen for this device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare it with &lt;code&gt;ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub&lt;/code&gt; on the device&apos;s console. Accept only if they are the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare it with &lt;code&gt;tandem-agent --config FILE --fingerprint&lt;/code&gt; on the device&apos;s console. Accept only if they are the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted, it is pinned on this device (never on a virtual IP, which moves between the devices of a pair); a different key later is refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept and Connect</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::HaHotBackupPage</name>
    <message>
        <source>HA hot backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The master copies each session to the backup, so a switchover keeps the users&apos; sessions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable hot backup (service-ha hot-backup enable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delay time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A session is backed up only once it has lived this long. Short sessions (DNS, a quick HTTP request) that end sooner are never copied and are lost on a switchover; a longer delay means less backup traffic but more such sessions. The default of 1 s backs up nearly everything.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::HotBackupModel</name>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>receiving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>differ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unfinished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In step: every session older than service-ha delay-time is on the peer — the channel is up, the latest digest comparison (every 5 s) was made on these tables and found them equal, and nothing is missing. Younger sessions are not backed up, by design; the master counts them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in step · %1 younger than delay-time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not in step</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::HotBackupWizard</name>
    <message>
        <source>Hot-backup wizard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::InventoryModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tandemctl lab in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Lab pair: credentials are read from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 over %2
%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key pinned yet: the first connect asks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::LoadBalancingPage</name>
    <message>
        <source>Load balancing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pool is slave on the backup device; the NAT address steers the traffic to the master chassis.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAT instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nat ip-address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VPN instance (optional)</source>
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
        <source>Lab: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Failovers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No live status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated %1 s ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inventory not loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1@%2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

Password for %2 (kept in memory until Tandem quits):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH host key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2) presented a %3 other than the one pinned for it. Tandem did not connect and sent no credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected: %1
Got: %2

Keys are pinned per device, never per virtual IP, so a failover cannot cause this. Either the device was reinstalled or its key regenerated, or something else answers at %3. Check the fingerprint on the device&apos;s console; if the device was reinstalled, remove the pin in Edit Pair (Forget Pin) and connect again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inventory not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter: name, address, description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add Pair…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit Pair…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a folder to the inventory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an HA pair: its two devices, how to reach them and log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the selected pair: addresses, transport, credentials, pins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected pair (and its saved passwords) or folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to the selected pair and show its dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect from the selected pair when it is open, else from the current tab&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1 from the inventory and its saved passwords from the keychain?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close Pair Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect from the current tab&apos;s pair and close its tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Inventory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next Pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous Pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a pair of the inventory (double-click it), add one with Inventory → Add Pair (Ctrl+N), or open a lab pair: File → Open lab…, or run &lt;code&gt;tandemctl lab up --dir DIR&lt;/code&gt; and then &lt;code&gt;tandem --lab DIR&lt;/code&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — lab in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Chinese font found: install one (Debian: fonts-noto-cjk) and start Tandem again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lab in %1 was started again: connected with its new lab.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the lab again: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key of %1 was not accepted: Tandem did not connect to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 presents a key Tandem has not seen: compare it and accept or cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key pinned; the pair is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key pinned; connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow &amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hot-backup wizard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 #%2 (%3 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Con&amp;firm %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm the pending commit: without it the device rolls it back by itself</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::ModePage</name>
    <message>
        <source>1:1 — one device is master of every service-location, the other only backs it up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1+1 — each device is master of some service-locations and backs up the other&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load balancing (the NAT pool is slave on the backup, nat ip-address steers traffic to the master)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VPN over NAT (VPN instances on both devices)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch backup options (when the master sends its whole tables)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the two devices share the service-locations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also configure</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::PairChangesView</name>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;iff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two rows: what each device ran at one against the other. One row: against what runs now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore Pair Revision…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push the selected pair revision&apos;s configurations to both devices again: verified, then confirmed or rolled back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History not read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (running)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n pair revision(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 commits in all on the two devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not read: %1
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no change
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore pair revision %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both devices get the configurations they ran at %1 (%2 #%3, %4 #%5) with commit confirmed; the pair is verified, then both are confirmed or both rolled back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading pair revision %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pair revision %1 not read on %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring: %1 (%2 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::PairDriftBanner</name>
    <message>
        <source>Open in &amp;Editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repair with the &amp;Wizard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 line %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The running configurations of %1 and %2 no longer pass the pair check (one was changed on its own):</source>
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
    <message>
        <source>&amp;Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Failovers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Switch Over Service-Location…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected service-location to the other device (asks first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start &amp;Batch Backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send every table entry of the selected service-location from its master to the standby</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hot backup per service-location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no device is master of the selected service-location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your role on %1 does not allow it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual IP %1 (VRID %2) moves with it. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch over service-location %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service-location %1 moves from %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch over to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>switchover of service-location %1 to %2 requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>switchover of service-location %1 refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch backup of service-location %1 refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch backup of service-location %1 started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service-location %1 became master on %2 (from %3; %4): tables active after %5 ms, first advert after %6 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no known master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection lost: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service-location %1: %2 → %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &amp;Drill…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab pairs: fail the selected service-location&apos;s board on its master for %1 s and watch the standby take over (asks first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Acknowledge Alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop highlighting the warnings and errors of the event log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drills run on lab pairs only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your role on this pair does not allow it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no alarm to acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s) not acknowledged</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Run a drill on service-location %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the service board of service-location %1 on %2 fails for %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A lab fault (lab.fault board) on %1: its tables are lost and %2 should take service-location %3 over. After %4 s the board comes back as a standby and asks for a batch backup. The Failovers tab records the phases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run Drill on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drill: board of service-location %1 down for %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drill refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s) acknowledged in this window</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>both entries are the same device (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions older than service-ha delay-time are kept with their public address and port; younger ones are not backed up (by design) and end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now: %1 sessions, %2 of them younger than delay-time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 more are in the backlog (the backup is behind) and would be lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tables are not in step now: more may be lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 resigns as master; %2 activates its standby tables and then takes over. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your role on %1 is %2: only an admin changes its configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tracked %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cha&amp;nges</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::PlanPage</name>
    <message>
        <source>e.g. 10.1.1.1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IPv4 address (four numbers 0-255, e.g. 10.1.1.1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::PortBlockTableModel</name>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UDP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ICMP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::PreChecksPage</name>
    <message>
        <source>Check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before hot backup is configured, both devices must be reachable as admin, their service boards up, basic NAT configured and no commit pending.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connect the pair first (Pair → Connect) and check the device&apos;s address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reachable as admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logged in as %1, not admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log in with a user of role admin: only an admin may commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running configuration not read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check the agent&apos;s log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running configuration does not parse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>basic NAT configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no NAT instance with an address group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>configure basic NAT first: a nat instance with a nat address-group, bound to a service-instance-group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>commit history not read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a commit confirmed is pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no commit pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>confirm or cancel the pending commit (History) and check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>status not read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no service board found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>insert a service board and configure a service-location on it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service boards present and up (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service board of service-location %1 down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bring the board up (check its slot and the device&apos;s alarms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading both devices…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All checks passed. The devices already form a pair: the next pages start from what they run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All checks passed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix what failed, then check again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::PushPage</name>
    <message>
        <source>Confirmed: both devices run the new configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry run: the pre-flight passed; nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolled back and verified: both devices run what they ran before.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolled back, but the rollback could not be proved on both devices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Half applied: one device confirmed and the other did not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel and roll back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both devices commit with `commit confirmed`, the standby first; the pair is verified, then both are confirmed, or both are rolled back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hot-backup wizard: %1 pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-flight…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm deadline in %1 s: without a confirm by then both devices roll back by themselves.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::SecretStore</name>
    <message>
        <source>no password is saved in the keychain for this device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no keychain available (%1): the password is not saved — Tandem never writes it to a file; you will be asked for it at connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the keychain refused (%1): the password is not saved; you will be asked for it at connect</source>
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
    <message>
        <source>Both entries are the same device (%1): one agent, its role shown twice</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::SessionTableModel</name>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inside address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inside port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remote address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remote port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP state</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::SubnetModel</name>
    <message>
        <source>Subnet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service-location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocks used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>draining: no new user, given back once empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>serving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLG %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::SummaryPage</name>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What both devices will run, what changes, and what the commits would do to the sessions they serve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configurations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ The pair check finds nothing: the two configurations mirror.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: asking the device…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no impact preview: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the impact preview does not read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service-location %1: engine %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>drops %n session(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 users, %2 port blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (it serves them now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, no session dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRRP %1 on %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the master resigns; the peer takes over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The listener this connection uses goes away.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>In all %n session(s) dropped</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No session dropped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::SwitchoverModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision → tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables → advert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the VRRP decision to the standby tables being active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the tables being active to the first advert as master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions in the standby copy at the decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions live once the tables were active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>→ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>master silent: its adverts stopped (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>master resigned: a manual switchover, or its board or link went down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>preempted: a higher priority here than the master&apos;s (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not backed up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the old master&apos;s last word (its last advert, its resign, or the advert that started the preemption) to the decision, as the new master measured it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detection plus decision → first advert as master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions on the old master younger than service-ha delay-time at its last status: not backed up, by design, so they end with the switchover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions on the old master that should have survived and could not: those in its backlog (the backup had fallen behind) at its last status. `tandemctl drill` checks every mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>master resigned: %1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>preempted: %1 on %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::SyncPanel</name>
    <message>
        <source>Backup channel and sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lag (last / p99)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · peer %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · peer %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 checked, %2 differed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLG %1: %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 rec/s · ETA %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLG %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In flight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real-time backup: from a record&apos;s enqueue to the peer&apos;s ack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records waiting: not sent yet, or sent and not acked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records written to the connection, real-time and batch (a retry counts again). Sent = acked + in flight + voided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records accepted from the peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records the peer acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records written and not acked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records written on a connection that closed before the peer acked them: batch records are void (a new batch follows), real-time ones go again (retried)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real-time records sent again on a new connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records the full queue refused (their entries go to the backlog)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frames the decoder or the handshake refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digest comparisons of the tables, and how many found them different</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::TelemetryCharts</name>
    <message>
        <source>Sessions served</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync records/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup lag (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze the charts; samples are still collected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::TopologyView</name>
    <message>
        <source>MASTER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STANDBY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>board down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tables differ from the master&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>status unknown — not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLG %1 · slot %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sessions · %2 users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · batch %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>taking over…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 service-location %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lag %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VIP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SPLIT BRAIN: both master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRID %1 · master %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRID %1 · no master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup %1 entries behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch backup stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DOWN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both entries are the same device (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRID %1 · master %2 · %3 not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRID %1 · master unknown · %2 not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch unfinished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::TrackingPage</name>
    <message>
        <source>Tracking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the board or the uplink of the master fails, its priority drops by the reduction, so the backup becomes master.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service-location %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>track service-location %1 reduced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (computed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>track interface %1 reduced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 = the priority gap %2 − %3 = %4, plus the margin of 10: a failure takes the master to %2 − %1 = %5, below the backup&apos;s %3, so the backup takes over; the margin keeps that true after a small priority change.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::UserTableModel</name>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UDP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ICMP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session limit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::VpnOverNatPage</name>
    <message>
        <source>VPN over NAT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VPN instances whose users are translated; both devices get the same ones, so a switchover keeps them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VPN instances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. vpn1, vpn2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each becomes `ip vpn-instance &lt;name&gt;` with `ipv4-family` on both devices.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::VrpLexer</name>
    <message>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPv4 address</source>
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
    <message>
        <source>Tracked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracked objects, their reductions and states: a down one lowers PriorityRun</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tandem::gui::VrrpPage</name>
    <message>
        <source>VRRP per service-location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRRP decides which device serves each service-location: the higher priority is master and owns the virtual IP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service-location %1 (slot %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VRID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Master priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preempt delay (master)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommended: %1 s. After a failure the master waits this long before it takes its role back, so that the batch backup of the sessions made meanwhile has finished; a shorter delay drops them at the switchback. The backup takes over at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advert interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
