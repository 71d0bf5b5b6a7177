; Inno Setup 6 script for LinkDesk on Windows (x64). Build it with installers\windows\build.ps1,
; which builds the PyInstaller bundle first and passes the signing tool when a certificate is set.
;
; * Per user by default, no administrator rights needed (PrivilegesRequired=lowest):
;   %LOCALAPPDATA%\Programs\LinkDesk, Start menu entries for this user only.
; * Per machine for IT: setup.exe /ALLUSERS (or the dialog) installs to Program Files for every
;   user; that needs administrator rights.
; * Silent install and uninstall for Intune and SCCM: see installers\README.md.
; * The uninstaller removes the program only. The encrypted store, its key file, backups and logs
;   (%LOCALAPPDATA%\LinkDesk\LinkDesk) stay unless /REMOVEUSERDATA is passed to the uninstaller or
;   the user says yes when asked.
; Each directive is listed with the page it was checked against in installers\README.md.

#define AppName "LinkDesk"
#define Bundle "..\..\dist\linkdesk"
#if !FileExists(Bundle + "\linkdesk.exe")
  #error "dist\linkdesk\linkdesk.exe is missing: build the bundle with installers\windows\build.ps1"
#endif
; The version comes from the package: the spec writes it into linkdesk.exe's version resource.
#define AppVersion GetFileProductVersionString(Bundle + "\linkdesk.exe")

[Setup]
AppId={{8E0D4B7A-3C55-4C1E-9A43-5D7B8E2F1C60}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=LinkDesk
AppCopyright=LinkDesk
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} setup
; Per user by default; an administrator may choose per machine (dialog or /ALLUSERS).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
UsePreviousPrivileges=yes
; {autopf} is %LOCALAPPDATA%\Programs per user and Program Files per machine.
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir=..\..\dist
OutputBaseFilename=LinkDesk-{#AppVersion}-setup
SetupIconFile=..\..\build\linkdesk\icons\linkdesk.ico
UninstallDisplayIcon={app}\linkdesk-gui.exe
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running LinkDesk before replacing its files (it saves drafts and locks on close).
CloseApplications=yes
RestartApplications=no
; Signing: when a certificate is configured, build.ps1 defines the sign tool "linkdesk" on the
; ISCC command line (/S) and SIGN; then Setup, the uninstaller and the two LinkDesk programs are
; signed. The Python and Qt libraries in the bundle keep their publishers' own signatures.
#ifdef SIGN
SignTool=linkdesk
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
; The two programs (PyInstaller's unsigned boot loader) are signed as they are compiled in.
#ifdef SIGN
Source: "{#Bundle}\*.exe"; DestDir: "{app}"; Flags: ignoreversion sign
Source: "{#Bundle}\*"; Excludes: "*.exe"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
#else
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
#endif

[InstallDelete]
; An upgrade replaces the whole bundle: files a newer build no longer ships must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\linkdesk-gui.exe"; Comment: "Open LinkDesk"
Name: "{group}\{#AppName} self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\linkdesk.exe"" self-test"; WorkingDir: "{app}"; Comment: "Check this installation"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"

[Run]
; A broken bundle fails here, not in front of a clinician. Skipped when the install is silent:
; Intune and SCCM run the detection rule in installers\README.md instead.
Filename: "{app}\linkdesk.exe"; Parameters: "self-test"; Flags: runhidden waituntilterminated skipifsilent; StatusMsg: "Checking the installation..."
Filename: "{app}\linkdesk-gui.exe"; Description: "Open {#AppName} now"; Flags: nowait postinstall skipifsilent unchecked

[UninstallDelete]
; Only what the program itself leaves inside its own folder. User data lives elsewhere and is
; handled in [Code] below.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
Type: dirifempty; Name: "{app}"

[Code]
// The data folder of the user running the uninstaller: platformdirs' local (non-roaming) folder,
// %LOCALAPPDATA%\LinkDesk\LinkDesk (linkdesk/config.py). Stores of other users on the machine
// are never touched: an administrator removes those deliberately, per user.
function UserDataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\LinkDesk\LinkDesk');
end;

function RemoveDataRequested(): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), '/REMOVEUSERDATA') = 0 then
      Result := True;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Remove: Boolean;
begin
  if (CurUninstallStep <> usPostUninstall) or not DirExists(UserDataDir()) then
    Exit;
  Remove := RemoveDataRequested();
  if not Remove and not UninstallSilent() then
    Remove := MsgBox('LinkDesk has been removed.' + #13#10#13#10 +
      'Your encrypted records, backups and logs are still in ' + UserDataDir() + '.' + #13#10 +
      'Keep them unless they have been moved to another computer or are no longer needed.' + #13#10#13#10 +
      'Delete them now? This cannot be undone.',
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
  if Remove then begin
    DelTree(UserDataDir(), True, True, True);
    RemoveDir(ExtractFileDir(UserDataDir()));  { the empty publisher folder, if nothing else is in it }
  end;
end;
