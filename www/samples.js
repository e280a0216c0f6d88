// Sample articles for the demo menu. Written for newsmark (fictional events and people), in the
// style of wire copy: datelines, curly quotes next to apostrophes, pronoun speakers, quotes split
// around their attribution, a quotation running over several paragraphs, two spellings of one
// name and a leftover ad placeholder.

/** @type {{id: string, title: string, text: string}[]} */
export const SAMPLES = [
  {
    id: 'harbour',
    title: 'Harbour deal (curly quotes, split quote)',
    text: `LISBON, March 4 (Wire) — Portugal’s Finance Minister Helena Vasconcelos on Tuesday called the harbour agreement with Brazil “a fair deal for both sides,” days after dockworkers threatened a strike over the plan.

“We have spent two years on this,” Vasconcelos told reporters at the ministry. “Nobody is getting everything they wanted, and that’s how you know it’s balanced.”

The accord, worth €1.2 billion over a decade, gives the Santos port operator Porto Atlântico a 35% stake in the new container terminal. Critics in the Socialist opposition have dubbed it the “quiet sale” of a national asset.

{adslot}Union leader Rui Almeida said his members would not accept any job cuts. “If they touch one contract, we stop the cranes,” he said. “Not for a day. For as long as it takes.”

Brazil’s ambassador, Marcos Teixeira, said in a statement that the deal was “good news for the ’90s generation of dockworkers on both coasts” and that his government wanted talks to continue “in the same spirit.”

Asked whether the strike threat worried her, Vasconcelos smiled. “Worried? No,” she said. “Busy, yes.”

The agreement goes to parliament on April 10.`,
  },
  {
    id: 'council',
    title: 'City council (multi-paragraph quote, name variants)',
    text: `date 2026-06-18 KYIV: Mayor Oleksiy Marchenko on Thursday defended the city’s new transport budget against what he called a “campaign of rumours” spread by rival councillors.

In a long address to the city council, Marchenko said:

“I was elected to fix the buses, not to talk about them. Every route that was cut in the last five years will be back by the autumn.

“The money is there. The Ministry of Infrastructure has signed off on 420 million hryvnias, and the European Investment Bank has promised the rest.

“Anyone who tells you otherwise has not read the budget.”

Olexiy Marchenko’s critics were not convinced. Councillor Iryna Bondar, who leads the Green faction, said the plan relied on “optimistic” forecasts and that passenger numbers had fallen 12 percent since 2024.

“He’s counting money that doesn’t exist yet,” Bondar said. She added that her party would table amendments at 10 a.m. on Monday.

The mayor’s office said the first restored routes, including the No. 7 tram, would run from September 1.`,
  },
  {
    id: 'summit',
    title: 'Summit (straight quotes, pronouns, scare quotes)',
    text: `GENEVA (Wire) - Canadian Foreign Minister Claire Dubois met her Japanese counterpart Kenji Watanabe on Friday for talks on the stalled Arctic shipping treaty, the first meeting between the two since the "ice dispute" began last winter.

"We agreed on more than we disagreed on," Dubois said after the two-hour meeting at the Palais des Nations. "That is progress, whatever the headlines say."

Watanabe was more cautious. He told reporters the talks were "a first step" and that Tokyo still wanted guarantees for its fishing fleet.

According to a senior Canadian official, the ministers spent most of the meeting on the treaty's inspection rules, which the World Maritime Council has called "unworkable" in their current form.

"I don't think anyone expected a breakthrough today," the official said, speaking on condition of anonymity. "But nobody walked out, and in this file that counts."

The United Nations is expected to host a follow-up round in Oslo in October. Dubois said she would attend "if there is something to sign."

Shares in Nordic Shipping Lines rose 4.5% on the news to $18.20.`,
  },
];
