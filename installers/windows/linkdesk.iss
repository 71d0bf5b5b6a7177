; Inno Setup script for NHS Windows laptops. Build the PyInstaller bundle on Windows first:
;   .venv\Scripts\pyinstaller --noconfirm installers\pyinstaller\linkdesk.spec
; then compile this script with ISCC.exe. Installs per machine; user data stays in the user's
; local (non-roaming) app-data folder and is never removed by the uninstaller.
#define AppVersion "0.1.0"

[Setup]
AppId={{8E0D4B7A-3C55-4C1E-9A43-5D7B8E2F1C60}
AppName=LinkDesk
AppVersion={#AppVersion}
AppPublisher=LinkDesk
DefaultDirName={autopf}\LinkDesk
DefaultGroupName=LinkDesk
OutputBaseFilename=LinkDesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
UninstallDisplayIcon={app}\linkdesk.exe

[Files]
Source: "..\..\dist\linkdesk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\LinkDesk"; Filename: "{app}\linkdesk.exe"; Parameters: "gui"
Name: "{group}\LinkDesk self-test"; Filename: "{app}\linkdesk.exe"; Parameters: "self-test"

[Run]
Filename: "{app}\linkdesk.exe"; Parameters: "self-test"; Flags: runhidden; StatusMsg: "Checking the installation..."
