/**
 * Common first names of people living in Italy, folded (lowercase, no accents). Used only to
 * decide which word of a two-word name is the first name ("Rossi Mario" -> Mario Rossi) and to
 * mark a split as guessed when no word is known. Sources: ISTAT, "I nomi più diffusi" (most
 * frequent names of the resident population and of newborns, 1999–2023), plus common names of
 * the largest foreign communities (Romania, Albania, Morocco, China, Ukraine, India, Senegal).
 * Not exhaustive and never used to refuse a name.
 */
const NAMES = `
giuseppe giovanni antonio mario luigi francesco angelo vincenzo pietro salvatore carlo franco
domenico bruno paolo michele giorgio aldo sergio luciano roberto stefano andrea marco alessandro
luca massimo fabio davide simone matteo lorenzo leonardo riccardo gabriele tommaso edoardo
francesco mattia federico giacomo diego filippo samuele nicolo niccolo christian cristian alessio
daniele emanuele manuel gioele pietro elia enea achille alberto alfredo arturo attilio augusto
benito bernardo carmelo cesare claudio corrado dario dino elio emilio enrico enzo ernesto ettore
fausto felice ferdinando fernando flavio fulvio gaetano gianni giancarlo gianfranco gianluca
gianluigi gianmarco gianpaolo giampaolo gianpiero giampiero gino giordano giulio guido igor ivan
ivano jacopo lino livio loris luciano marcello mariano marino martino massimiliano maurizio
mauro mirco mirko moreno nello nicola orlando oscar osvaldo ottavio pasquale piero pierluigi
pierpaolo raffaele renato renzo rino rocco rodolfo romano romeo rosario rudy sandro sante
saverio sebastiano severino silvano silvio tiziano tullio ugo umberto valentino valerio walter
valter vittorio zeno denis devis ivo nevio loris fiorenzo gildo tarcisio bortolo battista
giovanbattista luigino elvio adriano agostino amedeo angiolino aurelio bepi celestino danilo
egidio elvis eugenio fabrizio fabiano fiorello gabriel gianni giuliano graziano italo lucio
luigino marcellino mariano mosè oreste primo quinto remo rinaldo roberto ruggero sante secondo
silvestro stefano teodoro tiziano ubaldo vasco vinicio virgilio vito cristiano nicolas thomas
kevin alex patrick jonathan samuel noah liam ettore pablo carlos jose juan luis pedro
maria anna giuseppina rosa angela giovanna teresa lucia carmela caterina francesca antonietta
elena rita anna concetta margherita franca paola laura luisa giulia sara chiara martina giorgia
sofia aurora alice ginevra emma greta beatrice anna vittoria noemi ludovica matilde camilla
arianna nicole gaia elisa elisabetta federica valentina silvia alessandra barbara daniela
roberta cristina monica simona stefania claudia patrizia marina sabrina manuela michela
nadia tiziana loredana lorena lorella graziella grazia gabriella mariagrazia marisa mirella
nives ornella pierina rosanna rosella rossella sandra serena sonia tatiana valeria vanessa
veronica viviana wilma irene ilaria ivana jessica debora deborah eleonora erica erika
fabiana flavia gloria ilenia katia lara letizia linda marta miriam morena nora orietta
priscilla raffaella renata rosalba sabina samanta samantha susanna tamara vera virginia
adele agnese alba amelia angelina annamaria annalisa antonella assunta bianca bruna carla
carolina cecilia clara clelia delia diana dina edda elda elsa elvira emilia enrica ester
eva fernanda filomena flora fiorella gemma gianna gina gisella giuliana ida iolanda jolanda
lidia liliana lina lisa livia luciana lucrezia luigia maddalena mafalda mara marcella
mariella marilena marina mariarosa marta mirella natalia natalina nella norma olga palmira
pamela piera pina rachele regina rina romana rosaria rosetta santina silvana tina ursula
vilma viola wanda zaira zita alessia asia azzurra bianca carlotta cloe denise diletta elisa
emily ester adelaide agata alda aldina amalia ambra angelica anita antonia aurelia benedetta
bettina brigida celeste cinzia costanza donatella dora edvige elide emanuela enza erminia
fiorenza franca gelsomina germana giacomina giorgina giuditta graziella igea ines iris
isabella lea lia licia lorenza loretta luana maura mirna nadia nicoletta noemi oriana
orsola paolina patrizia pia pierangela raffaella rebecca rosina sara selene sveva teresa
tosca vittoria yvonne zoe
ion ioan ionut ionuț andrei alexandru mihai gheorghe vasile constantin nicolae florin marian
adrian bogdan cosmin catalin cătălin razvan răzvan sorin dumitru ovidiu dragos dragoș
ciprian daniel emil lucian liviu iulian radu stefan ștefan valentin viorel costel marius
ana ioana elena mihaela andreea cristina gabriela alina daniela nicoleta mariana florentina
roxana raluca simona adriana camelia loredana larisa bianca diana irina oana ramona georgiana
arben besnik blerim bujar dritan edmond ermal fatmir genc gentian ilir klodian kujtim
lulzim mentor sokol flamur fatos agron altin arjan ardit alban erion endrit fabjan kledi
arta besa blerina drita elona entela erjona fatjona flutura jonida kaltrina lindita mirela
mimoza rovena valbona vjollca alketa anila brunilda eda elsa enkeleda
mohamed mohammed muhammad mohammad ahmed ahmad abdel abdelkader abdellah abdallah abdul
abderrahim abdelaziz hassan hussein hasan youssef yousef yusuf said saïd rachid rashid karim
khalid khaled mustafa mostafa omar ali ibrahim ismail idriss driss hamid hicham hamza ayoub
adil aziz brahim jamal mehdi nabil nadir noureddine redouane samir tarik tarek yassine younes
zakaria mounir mourad amine anas ilyas bilal
fatima fatiha khadija aicha aisha amina zineb zainab nadia naima najat latifa malika meryem
maryam hanane hayat houda ikram imane karima laila leila loubna nora rachida salma samira
siham souad wafa yasmine yasmina zahra hafsa sanaa
wei jun li ming hua jian hong yan lei yong jie tao bin hao xin ying jing lin fang
mei ling xiaoming xiaohong xiaoli yang hui qiang ping gang feng bo yu yun lan na
olena oksana olha olga natalia nataliia tetiana tetyana iryna svitlana halyna lyudmyla
lyudmila maria yulia yuliia anna kateryna viktoria nadiia nadia larysa valentyna
oleksandr olexandr andrii andriy serhii sergiy volodymyr vasyl mykola ivan petro yurii
dmytro taras bohdan roman vitalii oleg
олена оксана ольга наталія тетяна ірина світлана галина людмила юлія анна катерина
вікторія олександр андрій сергій володимир василь микола іван петро юрій дмитро тарас
богдан роман олег марія
raj rajesh singh harpreet gurpreet manpreet amandeep jaswinder sukhwinder kuldeep
mamadou moussa ousmane abdoulaye ibrahima cheikh modou fatou aminata awa mariama
jorge luis ana marta juana rosa
`;

export const FIRST_NAMES: ReadonlySet<string> = new Set(
  NAMES.split(/\s+/)
    .filter(Boolean)
    .map((n) => n.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()),
);
