"""The page of `jixiao serve` in headless Chromium (Debian's chromium and chromium-driver, with
Selenium from PyPI), as a clerk uses it: choose an example, read it, see the suggested template
and a finding beside its row, download the form (checked with openpyxl against the template's
sheet name and the indicators the API reads), and switch the language. Waits are for elements,
never for fixed times. Skipped where Chromium or Selenium is missing."""
import io
import shutil
import time

import openpyxl
import pytest
import yaml

from serve_support import ROOT, Server

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WORDS = yaml.safe_load((ROOT / "Sources" / "JixiaoServer" / "Resources" / "page-words.yaml").read_text(encoding="utf-8"))
EXAMPLE = ROOT / "Examples" / "yunnan-chenggong-2021-project.txt"

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
def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,768", "--lang=zh-CN"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


def wait(driver, condition):
    return WebDriverWait(driver, 120).until(condition)


def test_a_clerk_reads_a_filing_and_downloads_its_form(server, browser, downloads):
    browser.get(server.url + "/")
    assert browser.title == WORDS["zh"]["title"]
    browser.find_element(By.ID, "files").send_keys(str(EXAMPLE))
    browser.find_element(By.ID, "read").click()
    article = wait(browser, expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "article.filing")))
    # The template is chosen from the detected region, with the reason shown.
    assert browser.find_element(By.ID, "template").get_attribute("value") == "yunnan-project"
    assert "yunnan" in browser.find_element(By.ID, "template-reason").text
    # Each indicator has a row; a quantitative target without a number shows its error beside it.
    status, _, canonical = server.request("POST", "/api/v1/convert", body=EXAMPLE.read_bytes(), query={"filename": EXAMPLE.name})
    expected = [row["name"] for row in yaml.safe_load(canonical.decode())["indicators"]]
    rows = article.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert [row.find_elements(By.TAG_NAME, "td")[2].text for row in rows] == expected
    flagged = [row for row in rows if row.find_elements(By.CSS_SELECTOR, "li.finding-error")]
    assert flagged and "quantitative-without-number" in flagged[0].text
    browser.save_screenshot(str(downloads / "page.png"))

    article.find_element(By.CSS_SELECTOR, "button[data-download=xlsx]").click()
    target = downloads / "yunnan-chenggong-2021-project.xlsx"
    deadline = time.monotonic() + 120
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    workbook = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))
    template = yaml.safe_load((ROOT / "Schemas" / "templates" / "yunnan-project@1.0.0.yaml").read_text(encoding="utf-8"))
    cells = {cell.value for row in workbook[template["sheet"]].iter_rows() for cell in row}
    assert set(expected) <= cells


def test_the_language_switches(server, browser):
    browser.get(server.url + "/")
    browser.find_element(By.ID, "other-language").click()
    wait(browser, expected_conditions.title_is(WORDS["en"]["title"]))
    assert browser.find_element(By.CSS_SELECTOR, "label[for=paste]").text == WORDS["en"]["paste_label"]
