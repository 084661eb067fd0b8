#include "nlu/custom_intents.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace carevoice::nlu {
namespace {

core::Agent PizzaAgent() {
  core::Agent agent;
  agent.id = "aaaaaaaaaaaaaaaaaaaaaaaa";
  agent.updated_at = 1000;
  agent.intents = {
      {"order_pizza",
       {"I want to order a pizza", "can I get a large pepperoni", "two margheritas please",
        "I'd like a pizza delivered", "order a veggie pizza"}},
      {"opening_hours",
       {"when are you open", "what are your opening hours", "are you open on sunday",
        "what time do you close", "opening times please"}},
      {"allergens",
       {"does the pizza contain nuts", "is it gluten free", "do you have vegan cheese",
        "allergy information please", "is there lactose in the dough"}},
  };
  return agent;
}

TEST(CustomIntentModelTest, MatchesExamplesAndRejectsUnrelatedText) {
  const auto model = CustomIntentModel::Train(PizzaAgent().intents);
  ASSERT_FALSE(model->empty());
  const auto hours = model->Match("what time do you open tomorrow?");
  ASSERT_TRUE(hours.has_value());
  EXPECT_EQ(hours->name, "opening_hours");
  const auto pizza = model->Match("I'd like to order a large pizza");
  ASSERT_TRUE(pizza.has_value());
  EXPECT_EQ(pizza->name, "order_pizza");
  EXPECT_GT(pizza->confidence, 0.45f);
  EXPECT_FALSE(model->Match("hello there").has_value());
  EXPECT_FALSE(model->Match("what's the weather like today").has_value());
  EXPECT_FALSE(model->Match("").has_value());
}

TEST(CustomIntentModelTest, EmptyIntentsMatchNothing) {
  const auto model = CustomIntentModel::Train({{"", {"x"}}, {"named", {}}});
  EXPECT_TRUE(model->empty());
  EXPECT_FALSE(model->Match("x").has_value());
}

TEST(CustomIntentRegistryTest, TrainsOnceAndRetrainsOnUpdate) {
  CustomIntentRegistry registry;
  core::Agent agent = PizzaAgent();
  ASSERT_TRUE(registry.Match(agent, "are you open on sunday?").has_value());
  ASSERT_TRUE(registry.Match(agent, "is it gluten free").has_value());
  EXPECT_EQ(registry.trainings(), 1u);

  // The agent is edited: a new intent appears and is recognised without a restart.
  agent.intents.push_back(
      {"franchise",
       {"how can I open a franchise", "franchise opportunities", "I want to become a franchisee",
        "franchise costs", "do you sell franchises"}});
  agent.updated_at = 2000;
  const auto match = registry.Match(agent, "tell me about franchise opportunities");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->name, "franchise");
  EXPECT_EQ(registry.trainings(), 2u);

  core::Agent plain;
  plain.id = "bbbbbbbbbbbbbbbbbbbbbbbb";
  EXPECT_FALSE(registry.Match(plain, "order a pizza").has_value());
}

TEST(CustomIntentRegistryTest, ConcurrentUseIsSafe) {
  CustomIntentRegistry registry(CustomIntentOptions{}, 2);
  std::vector<std::thread> threads;
  std::vector<int> hits(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      core::Agent agent = PizzaAgent();
      agent.id = std::string(24, static_cast<char>('a' + t));
      for (int i = 0; i < 5; ++i) {
        const auto m = registry.Match(agent, "two margheritas please");
        hits[static_cast<std::size_t>(t)] += m && m->name == "order_pizza" ? 1 : 0;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const int h : hits) EXPECT_EQ(h, 5);
}

}  // namespace
}  // namespace carevoice::nlu
