"""The page of `jixiao serve` in headless Chromium (Debian's chromium and chromium-driver, with
Selenium from PyPI), as a clerk uses it, in one browser: for each example (one file may hold
several filings, an article each), choose the file, read it, see the suggested template, its
indicators and every finding beside its row, pick a template in the select box, download the
form from the file's first article and check it with openpyxl: the template's reference and
sheet, and every labelled field and indicator cell against what the API reads from the same file
(POST /api/v1/convert?to=yaml). Drop two examples at once and download every form in one zip,
each checked with zipfile and openpyxl; follow a finding's link to the source line it names. Then
switch the language. Waits are for elements and files, never
for fixed times; the browser's console must hold no error.

Screenshots of each example read, and of the English page, go to $JIXIAO_SCREENSHOTS when set
(the references in Tests/screenshots/ are made with JIXIAO_SCREENSHOTS=Tests/screenshots), else
to a temporary folder. Skipped where Chromium or Selenium is missing."""
import io
import os
import pathlib
import re
import shutil
import zipfile

import openpyxl
import pytest
import yaml

from serve_support import ROOT, Server
from test_xlsx_visible_forms import INDEX, METADATA, check_visible, strip
from xlsx_support import template_data, template_version

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

WORDS = yaml.safe_load((ROOT / "Sources" / "JixiaoServer" / "Resources" / "page-words.yaml").read_text(encoding="utf-8"))

# Each example, the template the page preselects for it (the one suggested for most of its
# filings, on a tie the first's) and the template the clerk picks: another one for four of them
# (national-core and provincial forms), the preselected one again for the other two.
PLAN = {
    "hebei-chengde-2021-department.txt": ("hubei-department", "national-core"),
    "hebei-tangshan-lunan-projects.txt": ("hebei-project-combined", "hebei-project-split"),
    "hubei-ezhou-2024-department.txt": ("hubei-department", "hubei-department"),
    "hubei-qingshan-2020-project.docx": ("national-core", "yunnan-project"),
    "hunan-hengyang-2024-department.txt": ("hunan-department", "hunan-department"),
    "yunnan-chenggong-2021-project.txt": ("yunnan-project", "national-core"),
}

pytestmark = pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")),
                                reason="needs Debian's chromium and chromium-driver")


@pytest.fixture(scope="module")
def server():
    running = Server()
    yield running
    assert running.stop() == 0


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    chosen = os.environ.get("JIXIAO_SCREENSHOTS")
    if not chosen:
        return tmp_path_factory.mktemp("screenshots")
    folder = pathlib.Path(chosen)
    folder = folder if folder.is_absolute() else ROOT / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,1357", "--lang=zh-CN"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


def console_errors(driver):
    """The console's errors since the last look; the missing /favicon.ico is no error of the page."""
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE" and "/favicon.ico" not in entry["message"]]


def wait(driver, condition, what, seconds=60):
    """Waits for the condition; past the time, fails saying what was awaited (`what` may be a
    function giving that, called then) and what the console holds."""
    try:
        return WebDriverWait(driver, seconds).until(condition)
    except TimeoutException:
        said = what() if callable(what) else what
        raise AssertionError(f"waited {seconds} s for {said}; console: {driver.get_log('browser')}") from None


def read_in_page(driver, server, example, language="zh"):
    """Opens the page afresh (a file input Selenium fills adds to the files chosen before) and reads
    the example; the articles shown, once each of its filings has one."""
    driver.get(server.url + "/" + ("?lang=en" if language == "en" else ""))
    driver.find_element(By.ID, "files").send_keys(str(example))
    driver.find_element(By.ID, "read").click()
    # Read when the article saying so is gone: the filings' articles, or a failure, replace it.
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#results > article")
         and not d.find_elements(By.CSS_SELECTOR, "#results > article:not(.filing):not(:has(.failed))"),
         f"{example.name} to be read")
    assert not driver.find_elements(By.CSS_SELECTOR, "#results .failed"), driver.find_element(By.CSS_SELECTOR, "#results .failed").text
    return driver.find_elements(By.CSS_SELECTOR, "#results > article")


def downloaded(driver, folder, name):
    """The file once the browser has finished writing it (Chromium writes NAME.crdownload first)."""
    target = folder / name
    wait(driver, lambda _: target.exists() and not any(folder.glob("*.crdownload")),
         lambda: f"{name} to be downloaded (the folder holds {sorted(path.name for path in folder.iterdir())})")
    return target


def screenshot(driver, path):
    """The page from its top: the form, then the first filing read."""
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(path))


def api_filings(server, example):
    status, _, body = server.request("POST", "/api/v1/convert", body=example.read_bytes(), query={"filename": example.name, "to": "yaml"})
    assert status == 200, body[:300]
    return [document for document in yaml.safe_load_all(body.decode()) if document]


def api_finding_ids(server, example):
    """Per filing, the ids of the findings POST /api/v1/validate reports, but for the mapping
    chosen (the page says it above the table)."""
    status, _, body = server.request("POST", "/api/v1/validate", body=example.read_bytes(), query={"filename": example.name})
    assert status == 200, body[:300]
    filings = yaml.safe_load(body)["files"][0]["filings"]
    return [sorted(finding["id"] for finding in filing["findings"] if finding["id"] != "mapping-chosen") for filing in filings]


def shown_finding_ids(article):
    """The ids of the findings an article shows: each item ends "[id]", then its position."""
    return sorted(re.findall(r"\[([a-z0-9-]+)\]", item.text)[-1] for item in article.find_elements(By.CSS_SELECTOR, "li[class^=finding-]"))


def test_the_plan_covers_every_example_and_template_kind(server):
    assert sorted(PLAN) == sorted(path.name for path in (ROOT / "Examples").iterdir() if path.is_file())
    _, listed = server.get_json("/api/v1/templates")
    ids = {template["id"] for template in listed["templates"]}
    assert {picked for _, picked in PLAN.values()} <= ids
    assert sum(preselected != picked for preselected, picked in PLAN.values()) == 4


@pytest.mark.parametrize("name", sorted(PLAN))
def test_a_clerk_reads_an_example_picks_a_template_and_downloads_its_form(name, server, browser, downloads, screenshots, tmp_path):
    example = ROOT / "Examples" / name
    preselected, picked = PLAN[name]
    filings = api_filings(server, example)
    articles = read_in_page(browser, server, example)

    # An article per filing, each with a row per indicator as the API reads it and each finding
    # of the validation beside its row (or under the table, where no row holds it).
    assert len(articles) == len(filings)
    for article, filing, findings in zip(articles, filings, api_finding_ids(server, example), strict=True):
        rows = article.find_elements(By.CSS_SELECTOR, "tbody tr")
        assert [row.find_elements(By.TAG_NAME, "td")[2].text for row in rows] == [i["name"] for i in filing.get("indicators", [])]
        assert shown_finding_ids(article) == findings
        assert article.find_elements(By.CSS_SELECTOR, "button[data-download=xlsx]")
    if name.startswith("yunnan"):
        flagged = [row for row in articles[0].find_elements(By.CSS_SELECTOR, "tbody tr") if row.find_elements(By.CSS_SELECTOR, "li.finding-error")]
        assert flagged and "quantitative-without-number" in flagged[0].text

    # The template is preselected, with the reason; the clerk picks one in the select box.
    select = Select(browser.find_element(By.ID, "template"))
    assert select.first_selected_option.get_attribute("value") == preselected
    assert preselected in browser.find_element(By.ID, "template-reason").text
    screenshot(browser, screenshots / f"serve-{example.stem}.png")
    select.select_by_value(picked)
    assert browser.find_element(By.ID, "template").get_attribute("value") == picked

    # The first article's button gives the whole file's form, in the template picked.
    for stale in downloads.iterdir():
        stale.unlink()
    articles[0].find_element(By.CSS_SELECTOR, "button[data-download=xlsx]").click()
    form = downloaded(browser, downloads, f"{example.stem}.xlsx")
    book = openpyxl.load_workbook(form)
    assert book[METADATA]["B1"].value == f"{picked}@{template_version(picked)}"
    visible = [sheet.title for sheet in book.worksheets if sheet.sheet_state == "visible"]
    if len(filings) == 1:
        assert visible == [template_data(picked)["sheet"]]
    else:
        # Several filings: the index first, then a form sheet each, as the hidden sheet lists them.
        listed = [row[1].value for row in book[METADATA].iter_rows() if row[0].value == "sheet"]
        assert visible == [INDEX["sheet"], *listed] and len(listed) == len(filings)
    check_visible(strip(form, tmp_path / form.name), filings, picked)
    assert console_errors(browser) == []


def test_two_files_dropped_at_once_download_as_one_zip_of_a_form_each(server, browser, downloads, tmp_path):
    examples = [ROOT / "Examples" / "yunnan-chenggong-2021-project.txt", ROOT / "Examples" / "hubei-qingshan-2020-project.docx"]
    browser.get(server.url + "/")
    assert not browser.find_element(By.ID, "download-all").is_displayed()
    # Dropped on the drop zone: the files Selenium gives the file input, in a drop event's
    # DataTransfer, as a drag from the desktop brings them.
    browser.find_element(By.ID, "files").send_keys("\n".join(str(example) for example in examples))
    browser.execute_script("""
        const transfer = new DataTransfer();
        for (const file of document.getElementById("files").files) { transfer.items.add(file); }
        document.getElementById("drop-zone").dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
    """)
    wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#results > article.filing")) == 2
         and d.find_element(By.ID, "download-all").is_displayed(), "both files to be read")
    for stale in downloads.iterdir():
        stale.unlink()
    browser.find_element(By.CSS_SELECTOR, "#download-all button[data-download-all=xlsx]").click()
    archive = zipfile.ZipFile(downloaded(browser, downloads, WORDS["zh"]["download_all_name"]))
    assert archive.testzip() is None
    assert archive.namelist() == [f"{example.stem}.xlsx" for example in examples]
    # No template was picked by hand: each file's form is in the one suggested for it.
    for example, name in zip(examples, archive.namelist()):
        suggested = PLAN[example.name][0]
        form = tmp_path / name
        form.write_bytes(archive.read(name))
        assert openpyxl.load_workbook(io.BytesIO(archive.read(name)))[METADATA]["B1"].value == f"{suggested}@{template_version(suggested)}"
        check_visible(strip(form, tmp_path / f"stripped-{name}"), api_filings(server, example), suggested)
    assert console_errors(browser) == []


def test_a_findings_link_goes_to_the_line_it_names(server, browser):
    example = ROOT / "Examples" / "yunnan-chenggong-2021-project.txt"
    lines = example.read_text(encoding="utf-8").splitlines()
    articles = read_in_page(browser, server, example)
    links = articles[0].find_elements(By.CSS_SELECTOR, "li[class^=finding-] a.position")
    assert links
    link = links[-1]
    line = int(link.get_attribute("href").split("#f0-line-")[1])
    assert link.text == WORDS["zh"]["line_place"].format(line=line)
    browser.execute_script("arguments[0].scrollIntoView()", link)
    link.click()
    wait(browser, lambda d: d.execute_script("return location.hash") == f"#f0-line-{line}", "the link to be followed")
    target = browser.find_element(By.CSS_SELECTOR, "ol.source-lines li:target")
    assert target.get_attribute("id") == f"f0-line-{line}" and target.text.strip() == lines[line - 1].strip()
    assert target.is_displayed()
    assert console_errors(browser) == []


def test_the_language_switches(server, browser, screenshots):
    browser.get(server.url + "/")
    browser.find_element(By.ID, "other-language").click()
    wait(browser, expected_conditions.title_is(WORDS["en"]["title"]), "the English page")
    assert browser.find_element(By.CSS_SELECTOR, "label[for=paste]").text == WORDS["en"]["paste_label"]
    example = ROOT / "Examples" / "yunnan-chenggong-2021-project.txt"
    articles = read_in_page(browser, server, example, language="en")
    headings = [cell.text for cell in articles[0].find_elements(By.CSS_SELECTOR, "thead th")]
    assert headings == [WORDS["en"][key] for key in ("level1", "level2", "name", "op", "value", "unit", "source", "findings")]
    assert articles[0].find_element(By.CSS_SELECTOR, "button[data-download=xlsx]").text == WORDS["en"]["download_xlsx"]
    screenshot(browser, screenshots / "serve-page-en.png")
    assert console_errors(browser) == []
