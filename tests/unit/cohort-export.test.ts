import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { cohortWorkbook } from "../../server/cohort-export.ts";
import { cohortCsv, cohortRows } from "../../shared/cohort/csv.ts";
import { buildCohortDebrief, type CohortTeam } from "../../shared/cohort/debrief.ts";
import { simulatedRecord } from "../../shared/cohort/simulated-record.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import { getScenario } from "../../shared/scenarios/index.ts";

const beer = getScenario("beer-game");

function team(index: number, policy: string, weeks: number): CohortTeam {
  const sim = new Simulation(beer, { weeks }, 11);
  const c = parsePolicy("beer-game", policy);
  sim.playOut(Object.fromEntries(sim.roles.map((r) => [r, createBot(c, r)])));
  return { team: index, record: simulatedRecord(sim, `T${index}`, { factory: 'Fa, "the boss"' }) };
}

describe("cohort exports", () => {
  const teams = [team(1, "pass-through", 8), team(0, "sterman", 8)];

  it("CSV: one CRLF row per team, role and week, with the decision, its source, the desk and KPIs", () => {
    const csv = cohortCsv(beer, teams);
    expect(csv.endsWith("\r\n")).toBe(true);
    const lines = csv.split("\r\n").slice(0, -1);
    expect(lines).toHaveLength(1 + 2 * 4 * 8);
    const header = lines[0]!.split(",");
    expect(header.slice(0, 6)).toEqual(["team", "code", "role", "week", "player", "source"]);
    expect(header).toContain("decision.order");
    expect(header).toContain("obs.inventory");
    expect(header).toContain("kpi.totalCost");
    // Team 1 (index 0) comes first; a name with a comma and quotes is quoted per RFC 4180.
    expect(lines[1]!.startsWith("1,T0,retailer,1,,human,")).toBe(true);
    const factory = lines.find((l) => l.startsWith("2,T1,factory,3,"))!;
    expect(factory).toContain('"Fa, ""the boss"""');
    // The decision column holds what the replayed round recorded for that week.
    const order = teams[0]!.record.decisions[2]!["factory"]!["order"];
    const cells = factory.replace('"Fa, ""the boss"""', "name").split(",");
    expect(Number(cells[header.indexOf("decision.order")])).toBe(order);
  });

  it("XLSX: a summary with the cohort tables and a sheet per team", async () => {
    const bytes = await cohortWorkbook(buildCohortDebrief(beer, teams), cohortRows(beer, teams));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Summary", "Team 1", "Team 2"]);
    const t2 = wb.getWorksheet("Team 2")!;
    expect(t2.rowCount).toBe(1 + 4 * 8);
    expect(t2.getRow(1).getCell(1).value).toBe("team");
    expect(t2.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(t2.getRow(2).getCell(1).font?.bold).toBeFalsy();
    expect(t2.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const summary: string[] = [];
    wb.getWorksheet("Summary")!.eachRow((r) => summary.push(String(r.getCell(1).value)));
    expect(summary).toContain("Who did people blame?");
    expect(
      summary.some((s) => s.startsWith("How far from what the structure allows (benchmark: pass-through)")),
    ).toBe(true);
  });
});
