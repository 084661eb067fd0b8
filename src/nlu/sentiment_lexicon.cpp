#include "nlu/sentiment_lexicon.hpp"

namespace carevoice::nlu::lexicon {

// Valences: about +-1 mild, +-2 clear, +-3 strong, +-4 extreme.
const std::string_view kWords = R"(
thank:1.8 thanks:1.8 thankyou:2 thx:1.5 ty:1 tysm:2.5 thank_you:2 thanks_so_much:2.8
thank_you_so_much:3 thanks_a_lot:1.5 many_thanks:2.2 thanks_in_advance:0.3 thank_you_in_advance:0.3
thank_god:1.5:1.5 thank_goodness:1.5:1.5 thank_heavens:1.5:1.5 thank_god_for_that:1.5:1.5
cant_thank_you_enough:3 can't_thank_you_enough:3 cannot_thank_you_enough:3 cant_thank_u_enough:3
grateful:2.5 gratitude:2.2 appreciate:2 appreciated:2.2 appreciative:2 kudos:2.5 shoutout:2
shout-out:2 props:1.5 cheers:1
great:2.4 good:1.6 awesome:2.8 amazing:2.9 excellent:3 fantastic:3 wonderful:3 terrific:2.8
superb:3 brilliant:2.8 outstanding:3 perfect:2.8 perfectly:2.2 flawless:2.8 stellar:2.8
phenomenal:3 incredible:2.6 exceptional:2.8 impressive:2.4 impressed:2.4 best:2.4 better:1.2
nice:1.8 lovely:2.3 love:2.8 loved:2.8 loving:2.2 loves:2.6 like:0.3 liked:1.4 likes:0.8
enjoy:2 enjoyed:2.2 enjoying:2 fun:1.6 happy:2.4 happier:2 happily:1.8 glad:2 pleased:2.2
delighted:2.8 thrilled:2.8 excited:2.3 exciting:2 yay:2.2 woohoo:2.5 hooray:2.4 wow:1.2
cool:1.3 sweet:1.5 beautiful:2.4 beautifully:2.2 gorgeous:2.4 delicious:2.6 tasty:2.2 yummy:2.2
fresh:1 hot_and_fresh:2 helpful:2.2 friendly:2 kind:1.8 courteous:2 polite:1.6 patient:1.4
professional:1.5 knowledgeable:1.8 responsive:1.8 efficient:1.8 quick:1.2 quickly:1 fast:1.2
speedy:1.6 prompt:1.4 promptly:1.2 easy:1.4 easily:1 smooth:1.6 seamless:2 convenient:1.6
reliable:1.8 comfortable:1.6 recommend:2 recommended:1.8 worth:1.4 worth_it:2 satisfied:2
satisfying:1.8 resolved:1.6:-1.8 solved:1.6:-1.8 fixed:1.2:-1.8 sorted:1.2:-1.5 relieved:1.6
lifesaver:2.8 hero:2.2 rock:0.5 rocks:2.2 legend:2 win:1.5 super_helpful:2.6 on_time:1.2:-1.8
early:0.8 free:0.6 bonus:1.2 generous:2.2 fair:1 reasonable:1.2 affordable:1.4 ok:0.2 okay:0.2
fine:0.4 decent:0.9 solid:1 pretty_good:1.8 not_bad:1.2 no_problem:1 no_worries:1.2
no_rush:1 well_done:2.2 good_job:2.4 great_job:2.8 keep_it_up:2 made_my_day:3 above_and_beyond:3
on_point:2 spot_on:2.2 go-to:1.2 favorite:2 favourite:2 fan:1.2 loyal:1.2 welcome:1
congrats:2 congratulations:2.2 finally:0.3 smile:1.5 smiling:1.6 laugh:1 lol:0.3 haha:0.8
bad:-2.2 terrible:-3 horrible:-3 awful:-3 worst:-3.2 worse:-2.2 poor:-2 poorly:-2 lousy:-2.4
useless:-2.6 pointless:-2 hopeless:-2.2 worthless:-2.8 rubbish:-2.4 garbage:-2.6 trash:-2.4
crap:-2.6 crappy:-2.6 sucks:-2.6 suck:-2.2 sucked:-2.4 shit:-2.8 shitty:-2.8 bullshit:-3
pathetic:-2.8 joke:-0.6 is_a_joke:-2.4 such_a_joke:-2.4 laughable:-2.2 ridiculous:-2.6 absurd:-2.4 insane:-1.8
still_waiting:-1.8 still_haven't:-1.6 still_hasn't:-1.6 still_havent:-1.6 still_hasnt:-1.6
still_not:-1.2 never_received:-2.2 never_got:-1.8 never_arrived:-2.2 never_showed:-2
never_got_round:0 never_got_around:0 gonna_take_ages:0 going_to_take_ages:0 will_take_ages:0
can't_get_through:-2 cant_get_through:-2 couldn't_get_through:-2 hung_up:-1.8 hung_up_on:-2.4
missed_my:-1.6 lost_my:-2 overbooked:-1.8 misplaced:-1.8 unfriendly:-2 inexcusable:-3
unacceptable:-3 outrageous:-3 disgraceful:-3 shameful:-2.8 shame:-2 a_shame:-0.6 such_a_shame:-0.8 embarrassing:-2.2
disgusting:-3 disgusted:-3 gross:-2.2 nasty:-2.4 filthy:-2.6 dirty:-2 stinks:-2.2 smelly:-2
rude:-2.6 disrespectful:-2.6 unprofessional:-2.6 incompetent:-2.8 clueless:-2.2 lazy:-2.2
careless:-2.2 arrogant:-2.4 condescending:-2.4 dismissive:-2.2 unhelpful:-2.4 ignorant:-2.2
hate:-3 hated:-3 hating:-2.6 hates:-2.8 dislike:-1.8 annoying:-2.2 annoyed:-2.2 annoyance:-2
irritating:-2.2 irritated:-2.2 frustrating:-2.4 frustrated:-2.4 frustration:-2.4 angry:-2.8
furious:-3.4 livid:-3.4 mad:-2.2 mad_into:1.2 pissed:-3 fuming:-3 outraged:-3.2 upset:-2.2 unhappy:-2.4
sad:-1.8 disappointed:-2.4 disappointing:-2.4 disappointment:-2.4 dissatisfied:-2.4
miserable:-2.8 fed_up:-2.6 sick_of:-2.6 tired_of:-2.2 had_enough:-2.4 done_with:-1.8
stressed:-1.8 stressful:-2 worried:-1.4 concerned:-1 confused:-1 confusing:-1.4 unclear:-1
scared:-1.8 afraid:-1.4 nervous:-1.2 sorry:-0.2 unfortunately:-1.2 sadly:-1.4 regret:-1.8
nightmare:-3 disaster:-3 disastrous:-3 mess:-2 messed:-2 messed_up:-2.4 chaos:-2.2 hassle:-1.8
headache:-1.8 inconvenience:-1.8 inconvenient:-1.6 ordeal:-2.2 fiasco:-2.8 debacle:-2.8
problem:-1.3 problems:-1.5 issue:-0.5 issues:-0.8 trouble:-1 troubles:-1.2 complaint:-1.3
complain:-1.3 complaining:-1.3 error:-1.2 errors:-1.4 bug:-1.4 bugs:-1.5 buggy:-2 glitch:-1.5
glitchy:-2 crash:-1.6 crashes:-1.8 crashed:-1.8 crashing:-2 freezes:-1.8 frozen:-1.4
freezing:-1.4 lag:-1.6 laggy:-2 lagging:-1.8 slow:-1.6 slower:-1.6 sluggish:-1.8 buffering:-1.8
broken:-2.2 broke:-1.6 breaks:-1.6 damaged:-2.2 defective:-2.4 faulty:-2.2 cracked:-2
ruined:-2.6 shattered:-2.2 dented:-1.6 torn:-1.6 leaking:-1.8 leaks:-1.6 soggy:-2 stale:-2
cold:-1 lukewarm:-1.4 burnt:-2 burned:-1.8 raw:-1.4 undercooked:-2.2 overcooked:-1.8 bland:-1.6
wrong:-1.6 incorrect:-1.6 mistake:-1.4 mistakes:-1.6 missing:-1.8 lost:-1.8 lose:-1.2
terrible_sailor:0 bad_sailor:0 poor_sailor:0 awful_sailor:0
late_january:0 late_february:0 late_march:0 late_april:0 late_may:0 late_june:0 late_july:0 late_august:0 late_september:0 late_october:0
late_november:0 late_december:0 late_spring:0 late_summer:0 late_autumn:0 late_winter:0 late_afternoon:0 late_evening:0 late_morning:0
is_that_a_nightmare:0 is_it_a_nightmare:0 would_that_be_a_nightmare:0
is_that_a_problem:0 is_it_a_problem:0 is_this_a_problem:0 would_that_be_a_problem:0
will_that_be_a_problem:0 is_that_an_issue:0 is_it_an_issue:0 would_that_be_an_issue:0
if_thats_an_issue:0 if_thats_a_problem:0 if_that's_an_issue:0 if_that's_a_problem:0
if_that_is_an_issue:0 if_that_is_a_problem:0 if_its_an_issue:0 if_its_a_problem:0
if_it's_an_issue:0 if_it's_a_problem:0 if_that_would_be_a_problem:0 if_that_would_be_an_issue:0
bad_allergy:0 bad_allergies:0 bad_nut_allergy:0 bad_peanut_allergy:0 bad_dairy_allergy:0
my_late:0 his_late:0 her_late:0 our_late:0 their_late:0 the_slower:0 a_slower:0
will_take_forever:0 would_take_forever:0 itll_take_forever:0 it'll_take_forever:0
itll_take_me_forever:0 it'll_take_me_forever:0 will_take_me_forever:0 gonna_take_forever:0
english_is_not_perfect:0 english_isn't_perfect:0 english_isnt_perfect:0 english_not_perfect:0
english_is_not_good:0 english_isn't_good:0 english_isnt_good:0 english_not_good:0
english_is_not_very_good:0 english_is_not_great:0 english_is_bad:0 english_is_poor:0
english_is_not_so_good:0 english_isn't_so_good:0 english_isnt_so_good:0 english_not_so_good:0
get_stung:0 gonna_get_stung:0 getting_stung:0 if_she_hates_it:0 if_he_hates_it:0 if_i_hate_it:0
if_they_hate_it:0 if_we_hate_it:0 if_you_hate_it:0 stuck_with_it_for_ages:0
english_is_not_so_perfect:0 english_not_so_perfect:0 english_not_very_good:0 english_is_not_the_best:0
english_not_the_best:0 english_not_great:0
bit_nervous:0 little_nervous:0 nervous_in:0 nervous_of:0 nervous_around:0 nervous_flyer:0
nervous_flier:0 gets_nervous:0 get_nervous:0 get_stuck_in:0
bit_afraid:0 little_afraid:0 afraid_of:0 bit_scared:0 little_scared:0 scared_of:0 frightened_of:0
cold_water:0 cold_plunge:0 ice_bath:0
about_being_slow:0 slow_swimmer:0 slow_walker:0 slow_learner:0 slow_runner:0
do_we_lose:0 do_i_lose:0 will_we_lose:0 will_i_lose:0 would_we_lose:0 would_i_lose:0
bad_weather:0 awful_weather:0 terrible_weather:0 horrible_weather:0 weather_is_bad:0
weather_is_awful:0 weather_is_terrible:0 forecast_is_bad:0 forecast_is_awful:0
forecast_is_terrible:0 forecast_is_horrible:0 weather_is_horrible:0
nightmare_to:0 nightmare_finding:0 nightmare_getting:0 nightmare_parking:0 nervous_about:0 poor_thing:0 poor_little:0
late_shift:0 late_shifts:0 night_shift:0 stuck_at_work:0 in_the_buggy:0 her_buggy:0 his_buggy:0
my_buggy:0 the_buggy:0 a_buggy:0 lying_on:0 lying_in:0 lying_across:0 lying_around:0 lying_down:0
lie_down:0
mum_died:0 dad_died:0 mother_died:0 father_died:0 husband_died:0 wife_died:0 nan_died:0 gran_died:0
grandad_died:0 grandma_died:0 brother_died:0 sister_died:0 son_died:0 daughter_died:0
partner_died:0 she_died:0 he_died:0 has_died:0 had_died:0 who_died:0 just_died:0 died_peacefully:0
poorly_for_ages:0 ill_for_ages:0 unwell_for_ages:0 sick_for_ages:0
be_lost:0 be_totally_lost:0 be_a_bit_lost:0 feel_lost:0 trouble_is:0 freezing_out:0 freezing_outside:0
late:-1.6 later:0 stay_late:0 staying_late:0 work_late:0 working_late:0 finish_late:0
finishing_late:0 late_pickup:0 late_pick:0 late_collection:0 late_checkout:0
delayed:-1.8 delay:-1.5 delays:-1.8 cancelled:-1.4 canceled:-1.4
stuck:-1.8 stranded:-2.6 waiting:-0.8 waited:-1.2 wait:-0.6:1.8 forever:-1.6 ages:-1.2
overcharged:-2.6 overcharging:-2.6 overpriced:-2.2 expensive:-1.2 pricey:-1.2 rip-off:-2.8
ripoff:-2.8 rip_off:-2.8 ripped_off:-3 charged_twice:-2.4 double_charged:-2.4 hidden:-0.8
scam:-2.6 scammed:-3 scammers:-3 fraud:-1.2 fraudulent:-2.8 steal:-2.2 stole:-2.4 stolen:-2.4
lie:-2 lied:-2.6 lies:-2.4 lying:-2.6 liar:-2.8 liars:-2.8 misleading:-2.4 false:-1.4 fake:-2
ignored:-2.2 ignoring:-2.2 ignore:-1.6 unanswered:-2 unreliable:-2.2 unusable:-2.6
waste:-2.2 wasted:-2.4 wasting:-2.2 waste_of_time:-2.8 waste_of_money:-3 never_again:-2.8
on_hold:-1.6 for_hours:-1.4 hours_on_hold:-2.2 no_one:-1.6 nobody:-1.2 nothing:-0.6
no_response:-2 no_reply:-2 no_answer:-1.8 no_help:-2 no_idea:-0.8 no_explanation:-2
thanks_for_nothing:-3 thanks_a_lot_for_nothing:-3.2 yeah_right:-1.8 what_a_joke:-3
seriously:-0.8 ugh:-1.8 argh:-2 smh:-1.8 wtf:-2.6 ffs:-2.6 fml:-2.4 omg:-0.6
meh:-0.6 eh:-0.3 sigh:-1.2 yikes:-1.6 again:-0.5 anymore:-0.6 even:0 cancel:0 refund:0
worthwhile:1.4 unbelievable:-1.6 terribly:-2 horribly:-2.4 badly:-1.8
fail:-2 fails:-2 failed:-2 failing:-2 failure:-2.2 fault:-1.4 blame:-1.6 died:-1.8 dead:-1.8
dies:-1.6 dying:-1.6 drained:-1.4 dropped:-1.2 dropping:-1.2 drops:-1.2 disconnected:-1.6
declined:-1.2 rejected:-1.6 denied:-1.6 refused:-1.8 locked_out:-1.8 locked:-0.8 hacked:-2.4
charged:-0.4 overdue:-1 penalty:-1.2 unfair:-2.2 unjust:-2.2 greedy:-2.4 cheated:-2.8
poor_service:-2.6 bad_service:-2.6 terrible_service:-3.2 customer_service:0 rotten:-2.4
spoiled:-2 moldy:-2.6 sick:-1.6 gets_poorly:0 get_poorly:0 got_poorly:0
feeling_poorly:0 bit_poorly:0 hurt:-1.8 pain:-1.6 painful:-2 struggle:-1.4 struggling:-1.6
cant_believe:-1.6 can't_believe:-1.6 how_hard:-1.4 so_hard:-1.4 impossible:-2 difficult:-1.2
hard:-0.5 tedious:-1.6 complicated:-1.2 awkward:-1.2 weird:-1 strange:-0.8 odd:-0.6
work:0:-2 works:0:-2 working:0:-2 worked:0:-2 function:0:-1.8 functioning:0:-2 load:0:-1.8
loads:0:-1.8 loads_of:0 load_of:0 loading:0:-1.8 open:0:-1.4 opens:0:-1.6 connect:0:-1.6 connecting:0:-1.6
arrive:0:-1.8 arrived:0:-1.8 arrives:0:-1.6 came:0:-1.6 come:0:-1 show:0:-1 showed:0:-1.8
showed_up:0:-2 show_up:0:-1.8 received:0:-1.8 receive:0:-1.4 got:0:-0.6 get:0:-0.4
respond:0:-2 responded:0:-2 response:0:-2 reply:0:-1.8 replied:0:-2 answer:0:-1.6
answered:0:-2 answering:0:-2 help:0:-1.8 helped:0.8:-2 helping:0:-1.6 fix:0:-1.6
call:0:-0.8 called:0:-1.2 calls:0:-0.8 heard:0:-1.4 hear:0:-1.2 update:0:-1.2 updated:0:-1.6
updates:0:-1.4 deliver:0:-1.6 delivered:0:-1.4 ship:0:-1.2 shipped:0:-1.6 charge:0:-1.2
sync:0:-1.8 syncing:0:-1.8 turn_on:0:-1.8 start:0:-1 starts:0:-1.4 log_in:0:-1.4
login:0:-1.4 refunded:0.8:-1.8 service:0:-1.8 signal:0:-1.8 internet:0:-1.8 power:0:-1.2
wifi:0:-1.6 explanation:0:-1.8 info:0:-0.8 information:0:-0.8 communication:0:-1.8
acknowledge:0:-1.4 accept:0:-0.8 accepted:0:-1.2 apply:0:-1 applied:0:-1.4 match:0:-0.8
matter:0:-0.6 care:0.4:-2 cares:0:-2 listen:0:-1.6 listening:0:-1.8 understand:0:-1
sure:0.2 worry:-0.6:1.4 worries:-0.6:1.4 rush:0:1 hesitate:0:0.6 complaints:-1.3:1.8
let:0:-1.8 here:0:-1.6 happen:0:-1.4 happened:0:-1.4 find:0:-1.2 properly:0:-1.4 close:0:-1
refund:0:-1.6 money:0:-0.8 keeps:-0.8 pending:-0.6 expired:-1 warped:-1.8 bent:-1.4
scratched:-1.6 stained:-1.6 ripped:-1.6 soaked:-1.6 skipping:-1 no_thanks:0 no_thank_you:0
how_late:0 logged_out:-1.2 logged_me_out:-1.5 logging_me_out:-1.5 for_no_reason:-1.6
oh_great:-1.2 just_great:-1 just_what_i_needed:-2 too_high:-1.5 never_ordering:-2.2
never_buying:-2.2 never_shopping:-2.2 never_using:-2.2 never_coming_back:-2.4
never_going_back:-2.4 not_coming_back:-2.2 stranded:-2.6 use:0:0 uses:0:0 using:0:0
)";

const std::string_view kIntensifiers = R"(
very:1.3 really:1.3 so:1.3 sooo:1.5 soooo:1.6 extremely:1.6 super:1.35 totally:1.35
absolutely:1.45 incredibly:1.5 completely:1.4 utterly:1.5 truly:1.3 highly:1.3 especially:1.2
most:1.2 such:1.25 too:1.25 quite:1.1 pretty:1.1 damn:1.35 freaking:1.45 fucking:1.6
insanely:1.5 ridiculously:1.5 beyond:1.35 seriously:1.3 still:1.3 always:1.2 constantly:1.35
keeps:1.3 keep:1.25 kept:1.25 repeatedly:1.35 entire:1.15 whole:1.1 literally:1.25 way:1.2
unbelievably:1.5 exceptionally:1.4 deeply:1.4 terribly:1.4 awfully:1.4 horribly:1.4 mega:1.3
slightly:0.6 somewhat:0.7 kinda:0.7 kind_of:0.7 sort_of:0.7 a_bit:0.7 a_little:0.7
fairly:0.85 mildly:0.6 partly:0.7 marginally:0.6
)";

const std::string_view kNegators = R"(
not no never none nobody nothing neither nor without cannot can't cant don't dont doesn't doesnt
didn't didnt isn't isnt wasn't wasnt aren't arent weren't werent won't wont wouldn't wouldnt
shouldn't shouldnt couldn't couldnt haven't havent hasn't hasnt hadn't hadnt ain't hardly
barely lack lacks lacking n't nope nah
)";

const std::string_view kSymbols = R"(
:):1.8 :-):1.8 :D:2.4 :-D:2.4 :)):2.2 :-)):2.2 ;):1.2 ;-):1.2 =):1.6 <3:2.2 xD:1.4 XD:1.4
:P:0.8 :p:0.8 :-P:0.8 :-p:0.8 :(:-2 :-(:-2 :((:-2.4 :-((:-2.4 :'(:-2.4 :'-(:-2.4 >:(:-2.8
>:-(:-2.8 =(:-1.8 :/:-1.2 :-/:-1.2 :|:-0.6 :-|:-0.6 </3:-2 :o:-0.4
😀:2 😃:2 😄:2.2 😁:2.2 😊:2.2 🙂:1.2 😍:2.8 🥰:2.8 😘:2 ☺:1.8 😇:1.6 🤗:1.8 😎:1.6 🥳:2.4
❤:2.4 ♥:2.2 💕:2.4 💖:2.4 💗:2.2 💙:2 💚:2 💜:2 🧡:2 💛:2 👍:1.8 👌:1.4 🙌:2.2 👏:2
🎉:2.2 🎊:2 💯:2 ✨:1.4 ⭐:1.6 🌟:1.8 ✅:0.8 🔥:0.6 🙏:1.2 😂:0.3 🤣:0.3 😅:-0.2 😆:1
😡:-3.2 🤬:-3.4 😠:-2.8 😤:-2.4 👿:-2.6 😢:-2.2 😭:-2.2 😞:-2.2 😔:-2 😟:-1.8 🙁:-1.8
☹:-2 😩:-2.2 😫:-2.2 😣:-2 😖:-2 😒:-1.8 🙄:-2 💔:-2.4 👎:-2.2 🤦:-2 😑:-1 😐:-0.6 😕:-1.4
😬:-1 🤢:-2.6 🤮:-2.8 😱:-1.8 😨:-1.6 😰:-1.8 😓:-1.4 🥺:-0.8 🤯:-1.4 💩:-2.4 ❌:-1.2 ⚠:-1
)";

}  // namespace carevoice::nlu::lexicon
