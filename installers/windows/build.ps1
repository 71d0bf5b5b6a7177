<#
.SYNOPSIS
  Build the LinkDesk installer for Windows: the PyInstaller bundle, then Inno Setup's setup.exe.

.DESCRIPTION
  Run from a PowerShell prompt in the repository on a Windows 10/11 x64 build machine with
  Python 3.11+ and Inno Setup 6 (ISCC.exe) installed:

      powershell -ExecutionPolicy Bypass -File installers\windows\build.ps1

  Signing is ready for the trust's code-signing certificate. Set, before running:
      $env:LINKDESK_SIGN_CERT_SHA1   thumbprint of the certificate in the user's or machine's store
                                     (a hardware token or cloud HSM works the same way through its CSP)
      $env:LINKDESK_TIMESTAMP_URL    the certificate authority's RFC 3161 timestamp server
  and signtool.exe (Windows SDK) must be on PATH. Without them the installer is built unsigned and
  says so.

  Results: dist\linkdesk\ (bundle), dist\LinkDesk-<version>-setup.exe, dist\linkdesk-size.json.
#>
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = Resolve-Path (Join-Path $PSScriptRoot '..\..')
Set-Location $Root

function Step($Words) { Write-Host "== $Words" }

$Python = Join-Path $Root '.venv\Scripts\python.exe'
if (-not (Test-Path $Python)) {
    Step 'virtual environment'
    py -3.11 -m venv .venv
}
Step 'dependencies (runtime and the "build" extra)'
& $Python -m pip install --disable-pip-version-check -q -e '.[build]'
if ($LASTEXITCODE -ne 0) { throw 'pip install failed' }

Step 'bundle (PyInstaller; fails over the size budget)'
& (Join-Path $Root '.venv\Scripts\pyinstaller.exe') --noconfirm --log-level WARN installers\pyinstaller\linkdesk.spec
if ($LASTEXITCODE -ne 0) { throw 'PyInstaller failed' }

Step 'self-test of the bundle'
$env:LINKDESK_KEYRING = 'off'
& dist\linkdesk\linkdesk.exe self-test
if ($LASTEXITCODE -ne 0) { throw 'the bundle failed its self-test' }
Remove-Item Env:\LINKDESK_KEYRING

$Iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = Join-Path ${env:ProgramFiles(x86)} 'Inno Setup 6\ISCC.exe' }
if (-not (Test-Path $Iscc)) { throw 'Inno Setup 6 (ISCC.exe) is not installed' }

$IsccArgs = @()
if ($env:LINKDESK_SIGN_CERT_SHA1 -and $env:LINKDESK_TIMESTAMP_URL) {
    if (-not (Get-Command signtool.exe -ErrorAction SilentlyContinue)) {
        throw 'LINKDESK_SIGN_CERT_SHA1 is set but signtool.exe (Windows SDK) is not on PATH'
    }
    # Inno Setup calls this for Setup, the uninstaller and each file flagged "sign"; $f is the file.
    $Sign = "signtool.exe sign /sha1 $($env:LINKDESK_SIGN_CERT_SHA1) /fd sha256 " +
            "/tr $($env:LINKDESK_TIMESTAMP_URL) /td sha256 /d `$qLinkDesk`$q `$f"
    $IsccArgs += "/Slinkdesk=$Sign"
    $IsccArgs += '/DSIGN'
    Step 'installer (Inno Setup, signed)'
} else {
    Write-Warning 'No signing certificate configured: the installer is NOT signed (fine for testing only).'
    Step 'installer (Inno Setup, unsigned)'
}
& $Iscc @IsccArgs installers\windows\linkdesk.iss
if ($LASTEXITCODE -ne 0) { throw 'Inno Setup failed' }

if ($env:LINKDESK_SIGN_CERT_SHA1) {
    Step 'verify signatures'
    Get-ChildItem dist\LinkDesk-*-setup.exe | ForEach-Object {
        & signtool.exe verify /pa /v $_.FullName
        if ($LASTEXITCODE -ne 0) { throw "signature check failed for $($_.Name)" }
    }
}
Get-Content dist\linkdesk-size.json
Get-ChildItem dist\LinkDesk-*-setup.exe | Select-Object Name, @{n='MB'; e={[math]::Round($_.Length / 1MB, 1)}}
